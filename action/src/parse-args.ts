/**
 * Splits the `args` input into argv words the way a POSIX shell tokenizes, but with no expansion of any kind:
 * `--reporter=dot "a b" 'c$d'` → `['--reporter=dot', 'a b', 'c$d']`. The words reach the scripts as arguments;
 * nothing is ever evaluated by a shell here. Returns an error message for an unterminated quote.
 */
export function parseArgs(text: string): string[] | { error: string } {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | null = null;

  for (let i = 0; i < text.length; i++) {
    const char = text[i] as string;
    if (quote === "'") {
      if (char === "'") quote = null;
      else word += char;
    } else if (quote === '"') {
      if (char === '"') quote = null;
      else if (char === '\\' && i + 1 < text.length && '"\\$`'.includes(text[i + 1] as string)) word += text[++i];
      else word += char;
    } else if (char === "'" || char === '"') {
      quote = char;
      inWord = true;
    } else if (char === '\\' && i + 1 < text.length) {
      word += text[++i];
      inWord = true;
    } else if (/\s/.test(char)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += char;
      inWord = true;
    }
  }
  if (quote !== null) return { error: `unterminated ${quote} quote` };
  if (inWord) words.push(word);
  return words;
}
