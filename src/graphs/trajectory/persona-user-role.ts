import { BUILT_IN_PERSONAS, type UserPersona } from "../../agents/user-personas.js";
import { UserError } from "../../errors.js";
import { SeededRandom } from "../../util/seeded-random.js";
import type { TaskRecord } from "../../schema/task.js";
import type { ResolvedSimulationOptions } from "./simulation-options.js";
import type { TrajectoryRole } from "./trajectory-role.js";
import { userRole } from "./user-role.js";

export interface PersonaUserSettings {
  /**
   * The personas to choose from, one per task (default: terse, vague, non-native). Pass a
   * single persona to use it for every task.
   */
  personas?: readonly UserPersona[] | UserPersona;
  /** Choose the persona yourself; `undefined` means a plain user for that task. */
  choose?: (task: TaskRecord, options: ResolvedSimulationOptions) => UserPersona | undefined;
  /** Seed for the per-task choice (default: the simulation's seed). */
  seed?: number;
}

/** What the persona user records in `meta.roles.user`. */
export interface PersonaUserMeta {
  persona: string | null;
}

/**
 * A user role that talks in a persona chosen per task: deterministically from the task id
 * and the seed, so reruns and resumes agree, or by your own `choose` function. It replaces
 * the standard `user` role and records the persona's name in the trajectory's meta.
 */
export function personaUserRole(settings: PersonaUserSettings = {}): TrajectoryRole {
  const personas = settings.personas === undefined ? BUILT_IN_PERSONAS : Array.isArray(settings.personas) ? settings.personas : [settings.personas as UserPersona];
  if (personas.length === 0 && !settings.choose) {
    throw new UserError("personaUserRole needs at least one persona (or a `choose` function).", { code: "invalid-config", field: "personas" });
  }
  const choose =
    settings.choose ??
    ((task: TaskRecord, options: ResolvedSimulationOptions) => new SeededRandom(settings.seed ?? options.seed).pick(personas, "persona", task.id));
  const base = userRole({ persona: (task, options) => choose(task, options)?.description });
  return {
    ...base,
    settings: { personas: personas.map((persona) => persona.name), seed: settings.seed ?? null, choose: settings.choose ? "custom" : "seeded" },
    async run(state, context) {
      const update = await base.run(state, context);
      const meta: PersonaUserMeta = { persona: choose(state.task, context.options)?.name ?? null };
      return { ...update, meta: { [base.name]: meta } };
    },
  };
}
