"""A form that writes a file (brief, export, back up): a file that exists is replaced only once the user
says so (§7: saving over an existing file asks first)."""

from pathlib import Path

from textual.widgets import Static

from tui.screens.change_form import ChangeForm, ConfirmScreen


class FileForm(ChangeForm):
    """Its save finds the file exists and calls `ask_to_replace`; a yes saves again, now agreed."""

    REPLACE = "{path} already exists. Replace it?"
    """The question before writing over a file that exists."""

    overwrite: Path | None = None
    """The file the user agreed to replace (asked again if they change the name)."""

    def ask_to_replace(self, path: Path) -> None:
        self.saving = False
        if not self.is_current:
            return  # closed (Esc) while the save looked at the file: nothing is written, nothing to ask
        self.query_one("#form-error", Static).update("")

        def answered(yes: bool | None) -> None:
            if yes:
                self.overwrite = path
                self.action_save()
            else:
                self.show_error(f"{path.name} exists and was kept: give another file name")
                self.field("path").focus()

        self.app.push_screen(
            ConfirmScreen(self.REPLACE.format(path=path), "y replaces it", "n or Esc keeps it"), answered
        )
