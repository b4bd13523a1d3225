"""One module per screen. Screens read and change sessions through the app's store and
save queue; they never open a file themselves."""
