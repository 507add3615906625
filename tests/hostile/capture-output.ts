/** Everything the process writes to stdout and stderr (Nest's logger, pino's request log, console) while `run` runs. */
export async function captureOutput<T>(run: () => Promise<T>): Promise<{ result: T; output: string }> {
  const chunks: string[] = [];
  const spies = [process.stdout, process.stderr].map((stream) => {
    const original = stream.write.bind(stream);
    return jest.spyOn(stream, 'write').mockImplementation(((chunk: unknown, ...rest: unknown[]) => {
      chunks.push(Buffer.isBuffer(chunk) ? chunk.toString('utf8') : String(chunk));
      return (original as (...a: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof stream.write);
  });
  const consoleSpies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((m) =>
    jest.spyOn(console, m).mockImplementation((...args: unknown[]) => void chunks.push(args.map(String).join(' '))));
  try {
    const result = await run();
    return { result, output: chunks.join('') };
  } finally {
    for (const s of [...spies, ...consoleSpies]) s.mockRestore();
  }
}
