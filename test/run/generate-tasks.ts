import type { FunctionSpec } from "../../src/schema/function-spec.js";
import type { TaskInput } from "../../src/schema/task.js";

interface Step {
  spec: FunctionSpec;
  /** The sub-task text, with the values the user would state. */
  text: (values: Record<string, string>) => string;
  values: Record<string, string[]>;
}

const string = (description: string) => ({ type: "string", description });
const number = (description: string) => ({ type: "number", description });

const STEPS: Step[] = [
  {
    spec: {
      name: "get_author",
      description: "Find the author of a book by its title.",
      parameters: { title: string("The book title") },
      required: ["title"],
      responses: { author: string("The author's full name") },
    },
    text: (values) => `find who wrote the book "${values.title}"`,
    values: { title: ["Dune", "Middlemarch", "Beloved", "Ulysses", "Emma", "Solaris"] },
  },
  {
    spec: {
      name: "get_weather",
      description: "Get the weather forecast for a city on a date.",
      parameters: { city: string("City name"), date: string("Date as YYYY-MM-DD") },
      required: ["city", "date"],
      responses: { temperature_c: number("Forecast temperature in Celsius"), condition: string("Sky condition") },
    },
    text: (values) => `check the weather in ${values.city} on ${values.date}`,
    values: { city: ["Lisbon", "Osaka", "Denver", "Nairobi", "Oslo"], date: ["2025-03-14", "2025-07-02", "2025-11-20"] },
  },
  {
    spec: {
      name: "convert_currency",
      description: "Convert an amount of money from one currency to another.",
      parameters: { amount: number("Amount to convert"), from: string("ISO code to convert from"), to: string("ISO code to convert to") },
      required: ["amount", "from", "to"],
      responses: { converted: number("The converted amount"), rate: number("The exchange rate used") },
    },
    text: (values) => `convert ${values.amount} ${values.from} to ${values.to}`,
    values: { amount: ["120", "75.5", "2000", "18"], from: ["USD", "EUR", "JPY"], to: ["GBP", "CHF", "INR"] },
  },
  {
    spec: {
      name: "find_restaurant",
      description: "Find a restaurant of a cuisine in a city.",
      parameters: { city: string("City name"), cuisine: string("Kind of food") },
      required: ["city", "cuisine"],
      responses: { name: string("Restaurant name"), address: string("Street address") },
    },
    text: (values) => `find a ${values.cuisine} restaurant in ${values.city}`,
    values: { city: ["Porto", "Kyoto", "Austin", "Lyon"], cuisine: ["Thai", "Ethiopian", "vegan", "Peruvian"] },
  },
  {
    spec: {
      name: "send_email",
      description: "Send an email to an address.",
      parameters: { to: string("Recipient address"), subject: string("Subject line"), body: string("Message text") },
      required: ["to", "subject", "body"],
      responses: { message_id: string("Id of the sent message"), status: string("Delivery status") },
    },
    text: (values) => `email ${values.to} with the subject "${values.subject}" summarising the result`,
    values: { to: ["ana@example.com", "li@example.org", "sam@example.net"], subject: ["Plans", "Update", "Results"] },
  },
];

/**
 * `count` valid task records (DESIGN §4) with 1–3 functions each; every value a function
 * needs appears in the task text, as a user would state it; no two tasks are the same.
 * Deterministic for `count`.
 */
export function generateTasks(count: number): TaskInput[] {
  const tasks: TaskInput[] = [];
  for (let index = 0; index < count; index++) {
    const size = 1 + (index % 3);
    const steps = Array.from({ length: size }, (_, offset) => STEPS[(index + offset * 2) % STEPS.length]!);
    const texts = steps.map((step, offset) => {
      const values = Object.fromEntries(
        Object.entries(step.values).map(([key, options]) => [key, options[(index * 7 + offset * 3 + key.length) % options.length]!]),
      );
      return step.text(values);
    });
    const strategy = size === 1 ? "atomic" : size === 2 ? "sequential" : "parallel-then-sequential";
    tasks.push({
      id: `t-${String(index).padStart(4, "0")}`,
      scenario: "Planning an errand",
      strategy,
      // The customer number keeps every task distinct, so duplicate checks do not thin the set.
      task: `Please ${texts.join(", then ")}. (Customer ${index + 1}.)`,
      subtasks: steps.map((step, offset) => ({
        id: `s${offset + 1}`,
        text: texts[offset]!,
        role: offset === 0 ? "given" : strategy === "parallel-then-sequential" && offset === 1 ? "parallel" : "subsequent",
        depends_on: offset === 0 || (strategy === "parallel-then-sequential" && offset === 1) ? [] : offset === 2 ? ["s1", "s2"] : ["s1"],
        functions: [step.spec.name],
      })),
      functions: steps.map((step) => step.spec),
      meta: {},
    });
  }
  return tasks;
}

export function tasksJsonl(tasks: unknown[]): string {
  return tasks.map((task) => JSON.stringify(task)).join("\n") + "\n";
}
