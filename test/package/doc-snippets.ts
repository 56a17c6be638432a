/**
 * The code blocks of a Markdown guide, each with the check that runs it: an HTML comment
 * `<!-- check: KIND ARG -->` just before the fence (blank lines between are fine).
 */
export interface Snippet {
  /** What the test does with it: `install`, `file`, `run`, `serve`, `output`, `error`. */
  kind: string;
  /** The rest of the marker: a file name for `file`, words for the others. */
  arg: string;
  lang: string;
  code: string;
  /** 1-based line of the opening fence. */
  line: number;
}

export interface ParsedGuide {
  snippets: Snippet[];
  /** Lines of fences with no marker: code a reader might copy that no test runs. */
  unmarked: number[];
}

export function parseGuide(markdown: string): ParsedGuide {
  const lines = markdown.split('\n');
  const snippets: Snippet[] = [];
  const unmarked: number[] = [];
  let marker: { kind: string; arg: string } | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const check = /^<!-- check: (\w+)\s*(.*?)\s*-->$/.exec(line);
    if (check) {
      marker = { kind: check[1]!, arg: check[2]! };
      continue;
    }
    const fence = /^```(\w*)$/.exec(line);
    if (fence) {
      const start = i;
      const body: string[] = [];
      while (++i < lines.length && lines[i] !== '```') body.push(lines[i]!);
      if (marker === null) unmarked.push(start + 1);
      else snippets.push({ ...marker, lang: fence[1]!, code: `${body.join('\n')}\n`, line: start + 1 });
      marker = null;
      continue;
    }
    if (line.trim() !== '') marker = null;
  }
  return { snippets, unmarked };
}

/** The commands of a shell block: one per line, comments and blank lines left out. */
export function commandsOf(snippet: Snippet): string[] {
  return snippet.code
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}
