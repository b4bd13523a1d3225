"""The yardstick for start-up: a bare Textual app with Header, Static and Footer."""

from textual.app import App
from textual.widgets import Footer, Header, Static


class Minimal(App):
    def compose(self):
        yield Header()
        yield Static("Hello from a minimal Textual app")
        yield Footer()


if __name__ == "__main__":
    Minimal().run()
