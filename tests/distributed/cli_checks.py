"""What the command-line checks of tests/distributed share: running a command and collecting
failed expectations, so that one run reports every failure before it exits."""
import subprocess


def run(command, timeout=240):
    """(exit code, standard output, standard error) of `command`."""
    done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    return done.returncode, done.stdout, done.stderr


class Checks:
    def __init__(self):
        self.failures = []

    def expect(self, ok, what, output=""):
        if not ok:
            self.failures.append(what)
            print(f"FAIL: {what}\n{output}")

    def exit_code(self):
        """Prints PASS or FAIL; 0 when every expectation held, else 1."""
        print("FAIL" if self.failures else "PASS")
        return 1 if self.failures else 0
