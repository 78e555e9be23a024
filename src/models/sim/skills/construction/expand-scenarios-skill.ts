import type { SimSkill } from "../../sim-request.js";
import { domainOfScenario } from "./operation-text.js";
import { arrayLimit, listSection, section } from "./prompt-reading.js";
import { allDomains, scenarioPhrases } from "./scenario-phrases.js";

/** Proposes new scenarios in the same area of life, changing the action, the subject or the circumstances. */
export const expandScenariosSkill: SimSkill = {
  name: "construction-expand-scenarios",
  matches: (request) => request.toolChoice === "propose_scenarios",
  respond(request) {
    const scenario = section(request, "scenario") ?? "";
    const count = arrayLimit(request, "scenarios") ?? 3;
    const avoid = new Set([scenario, ...listSection(request, "existing")].map((text) => text.toLowerCase()));
    const domain = domainOfScenario(scenario) ?? request.random.pick(allDomains(), "domain", scenario);
    const scenarios = scenarioPhrases(domain)
      .filter((phrase) => !avoid.has(phrase.toLowerCase()))
      .map((phrase) => ({ phrase, rank: request.random.unit("expand", scenario, phrase) }))
      .sort((left, right) => left.rank - right.rank)
      .slice(0, count)
      .map((entry) => entry.phrase);
    return { content: "", toolCalls: [{ name: "propose_scenarios", args: { scenarios } }] };
  },
};
