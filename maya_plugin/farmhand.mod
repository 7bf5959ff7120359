+ farmhand 0.1.0 .
scripts: scripts
icons: icons
