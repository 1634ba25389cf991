"""Progress of a long management command, on stderr."""


class Progress:
    """
    A progress bar redrawn in place on a terminal; elsewhere (cron, logs) one line per tenth.

    ``out`` is a command's ``self.stderr`` (Django's OutputWrapper), so progress never mixes
    with the results a command prints on stdout.
    """

    WIDTH = 30

    def __init__(self, out, total: int, *, label: str):
        self.out, self.total, self.label, self.done = out, total, label, 0
        self.interactive = out.isatty()

    def advance(self, steps: int = 1) -> None:
        before, self.done = self.done, self.done + steps
        if self.interactive:
            filled = self.WIDTH * self.done // max(self.total, 1)
            bar = "#" * filled + "." * (self.WIDTH - filled)
            self.out.write(f"\r{self.label} [{bar}] {self.done}/{self.total}", ending="")
            self.out.flush()
        elif self.done == self.total or self.done * 10 // self.total > before * 10 // self.total:
            self.out.write(f"{self.label}: {self.done}/{self.total}")

    def close(self) -> None:
        if self.interactive and self.total:
            self.out.write("")
