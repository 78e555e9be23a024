import { InvalidArgumentError } from "commander";

/** Commander value parsers with messages that say what is expected. */
export function wholeNumber(minimum: number, maximum = Infinity) {
  return (value: string): number => {
    const number = Number(value);
    if (!Number.isInteger(number) || number < minimum) throw new InvalidArgumentError(`expected a whole number ≥ ${minimum}, got '${value}'.`);
    if (number > maximum) throw new InvalidArgumentError(`expected at most ${maximum}, got '${value}'.`);
    return number;
  };
}

export function decimal(minimum: number, maximum = Infinity) {
  return (value: string): number => {
    const number = Number(value);
    if (!Number.isFinite(number) || number < minimum || number > maximum) {
      throw new InvalidArgumentError(`expected a number from ${minimum}${maximum === Infinity ? " up" : ` to ${maximum}`}, got '${value}'.`);
    }
    return number;
  };
}

export function onOff(value: string): boolean {
  if (value === "on" || value === "true") return true;
  if (value === "off" || value === "false") return false;
  throw new InvalidArgumentError(`expected 'on' or 'off', got '${value}'.`);
}

/** `role=model` pairs, repeatable: `--role-model tool=openai:gpt-4o-mini`. */
export function rolePair(value: string, previous: Record<string, string> = {}): Record<string, string> {
  const index = value.indexOf("=");
  if (index <= 0 || index === value.length - 1) throw new InvalidArgumentError(`expected role=model (e.g. tool=openai:gpt-4o-mini), got '${value}'.`);
  return { ...previous, [value.slice(0, index)]: value.slice(index + 1) };
}

/** A repeatable `key=value` option, collected into one object (e.g. `--metadata team=search`). */
export function keyValuePair(value: string, previous: Record<string, string> = {}): Record<string, string> {
  const index = value.indexOf("=");
  if (index <= 0) throw new InvalidArgumentError(`expected key=value (e.g. team=search), got '${value}'.`);
  return { ...previous, [value.slice(0, index)]: value.slice(index + 1) };
}

/** A repeatable option collected into a list (e.g. `--tag a --tag b`). */
export function repeated(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
