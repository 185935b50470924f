"""The one `dcc.Graph` config every chart uses.

Plotly's mode bar can offer "Share chart…" / "Edit in Chart Studio" / a "Produced with Plotly" link,
which send the figure to a Plotly cloud server: this dashboard promises to work offline and keeps
its data on this server, so those are switched off here, once, for every graph (a test walks every
page's layout and fails on a `dcc.Graph` whose config did not come from here).
"""
from __future__ import annotations

__all__ = ["CLOUD_BUTTONS", "graph_config"]

# mode-bar buttons that leave the site (old and new names)
CLOUD_BUTTONS = ("sendDataToCloud", "sendChartToCloud", "editInChartStudio")
_ALWAYS_REMOVED = ("select2d", "lasso2d", "autoScale2d", *CLOUD_BUTTONS)


def graph_config(filename: str = "innovative-location", *, topojson_url: str = "/assets/topojson/",
                 **extra) -> dict:
    """Local topojson, no logo, no cloud, PNG export at 2x named `filename`; `extra` overrides or
    adds Plotly config keys (`modeBarButtonsToRemove` is merged, the cloud keys cannot be undone)."""
    config = {
        "topojsonURL": topojson_url,
        "displaylogo": False,
        "scrollZoom": False,
        "modeBarButtonsToRemove": list(_ALWAYS_REMOVED),
        "toImageButtonOptions": {"format": "png", "filename": filename, "scale": 2},
    }
    remove = extra.pop("modeBarButtonsToRemove", [])
    config["modeBarButtonsToRemove"] += [b for b in remove if b not in config["modeBarButtonsToRemove"]]
    config.update(extra)
    # never undone by `extra`: nothing offers to send the chart to a cloud server
    config.update({"showSendToCloud": False, "showEditInChartStudio": False, "showLink": False,
                   "sendData": False, "plotlyServerURL": "", "linkText": ""})
    return config
