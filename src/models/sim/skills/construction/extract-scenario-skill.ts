import type { SimSkill } from "../../sim-request.js";
import { domainOf } from "./operation-text.js";
import { allDomains, basicScenarioPhrases } from "./scenario-phrases.js";
import { section } from "./prompt-reading.js";

/** Names the life scenario of a seed conversation: its domain by keywords, one of that domain's situations. */
export const extractScenarioSkill: SimSkill = {
  name: "construction-extract-scenario",
  matches: (request) => request.toolChoice === "record_scenario",
  respond(request) {
    const conversation = section(request, "conversation") ?? "";
    const domain = domainOf(conversation) ?? request.random.pick(allDomains(), "domain", conversation);
    const scenario = request.random.pick(basicScenarioPhrases(domain), "scenario", conversation);
    return { content: "", toolCalls: [{ name: "record_scenario", args: { scenario } }] };
  },
};
