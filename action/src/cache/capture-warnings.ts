/**
 * Runs `fn` while watching what it prints, for `@actions/cache` calls: the library logs its own failures (a warning
 * for most, only an info line for a refused reservation or a network error while reserving) and then resolves,
 * so the only way to emit exactly one warning per failure is to see whether it already did.
 */
export async function captureWarnings<T>(fn: () => Promise<T>): Promise<{ value: T; warnings: string[]; lines: string[] }> {
  const lines: string[] = [];
  let partial = '';
  const original = process.stdout.write.bind(process.stdout) as (...args: unknown[]) => boolean;
  process.stdout.write = ((chunk: unknown, ...rest: unknown[]): boolean => {
    const text = partial + (typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
    const parts = text.split(/\r?\n/);
    partial = parts.pop() ?? '';
    lines.push(...parts);
    return original(chunk, ...rest);
  });
  try {
    const value = await fn();
    if (partial) lines.push(partial);
    return { value, warnings: lines.flatMap((line) => annotationMessage(line) ?? []), lines };
  } finally {
    process.stdout.write = original;
  }
}

/** The decoded message of a `::warning …::` or `::error …::` line. */
function annotationMessage(line: string): string | undefined {
  const match = /^::(?:warning|error)(?: [^:]*)?::(.*)$/.exec(line);
  return match?.[1]?.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
}
