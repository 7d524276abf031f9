/** Where a command writes: results to stdout, diagnostics to stderr (docs/cli.md). */
export interface CommandIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

export const processIo: CommandIo = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
};

/** Exit codes shared by every command (docs/cli.md). */
export const EXIT_OK = 0;
export const EXIT_DIFFERS = 1;
export const EXIT_UNUSABLE = 2;
