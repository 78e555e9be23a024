/**
 * The sections of bench/RESULTS.md that `npm run bench` does not write: a `## ` heading saying
 * "(written by hand" marks one, and it runs to the next `## ` heading. A new run keeps them, so
 * an analysis or an outside measurement is not lost when the figures are rewritten.
 */
export function handWrittenSections(markdown: string): string[] {
  const sections: string[] = [];
  const lines = markdown.split("\n");
  let current: string[] | undefined;
  for (const line of lines) {
    if (line.startsWith("## ")) {
      if (current) sections.push(current.join("\n").trimEnd() + "\n");
      current = line.includes("(written by hand") ? [line] : undefined;
      continue;
    }
    current?.push(line);
  }
  if (current) sections.push(current.join("\n").trimEnd() + "\n");
  return sections;
}
