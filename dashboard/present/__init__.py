"""Presentation mode and slide sequences: the pure deck model lives in `deck`; the page is
`dashboard.pages.slides`, the keyboard and full-screen handling `assets/present.js`."""
