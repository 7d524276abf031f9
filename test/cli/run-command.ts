/** A command's `run…(estate, flags, io)` as the tests call it. */
export type Run<F> = (estate: string, flags: F, io: { stdout(s: string): void; stderr(s: string): void }) => Promise<number>;

/** Runs a command in process and keeps what it printed. */
export async function run<F>(command: Run<F>, estate: string, flags: F): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await command(estate, flags, { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s) });
  return { code, stdout, stderr };
}
