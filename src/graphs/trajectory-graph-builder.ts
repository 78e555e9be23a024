import { END, START, StateGraph } from "@langchain/langgraph";
import { UserError } from "../errors.js";
import type { Transport } from "../llm/model-call.js";
import type { TaskRecord } from "../schema/task.js";
import type { TrajectoryRecord } from "../schema/trajectory.js";
import { assistantRole } from "./trajectory/assistant-role.js";
import { resolveSimulationOptions, type SimulationOptions } from "./trajectory/simulation-options.js";
import { toolsRole } from "./trajectory/tools-role.js";
import { toTrajectoryRecord } from "./trajectory/trajectory-record.js";
import type { TrajectoryRole } from "./trajectory/trajectory-role.js";
import { TrajectoryState, type TrajectoryStateValue, type TrajectoryUpdate } from "./trajectory/trajectory-state.js";
import { userRole } from "./trajectory/user-role.js";

/** Where an added role sits in the graph. */
export interface RolePlacement {
  /**
   * Put the role on an existing route: whenever role `from` routes to `to` (a role name or
   * `"end"`), the graph visits the added role instead, and the added role decides where to go
   * next. A critic sits `between: ["assistant", "end"]`.
   */
  between?: readonly [from: string, to: string];
}

/** The compiled trajectory graph: `invoke({ task }, config)` returns the final state. */
export type TrajectoryGraph = ReturnType<TrajectoryGraphBuilder["compile"]>;

/** A graph compiled once, playing out any number of tasks. */
export interface PreparedTrajectoryGraph {
  simulate(task: TaskRecord, scope?: TaskScope): Promise<TrajectoryRecord>;
}

/** What changes from one task to the next in a run. */
export interface TaskScope {
  signal?: AbortSignal;
  transport?: Transport;
}

/** The key of a task's scope in LangGraph's `configurable`. */
const TASK_SCOPE = "button_task_scope";

interface Redirect {
  from: string;
  to: string;
  via: string;
}

/**
 * Builds the top-down trajectory graph from agent roles. The standard graph is
 * `START → user → assistant → (tools → assistant)* → END`; a builder can replace any role
 * (same name), add roles, and place added roles on existing routes. Builders are immutable:
 * every method returns a new builder, so one base can serve several variants.
 *
 * Routing: each role returns `next` (a role name or `"end"`) in its update and declares the
 * names it may return in `routes`. A rejected trajectory always ends the graph. Role-private
 * data goes in the state's `meta` under the role's name (there are no other extra fields).
 *
 * @example
 * const graph = trajectoryGraph()
 *   .replaceRole(personaUserRole())
 *   .addRole(criticRole({ maxRounds: 1 }), { between: ["assistant", "end"] });
 * const record = await graph.simulate(task, { models: resolveRoleModels() });
 */
export class TrajectoryGraphBuilder {
  private constructor(
    private readonly roles: ReadonlyMap<string, TrajectoryRole>,
    private readonly redirects: readonly Redirect[],
    private readonly entry: string,
  ) {}

  /** The standard user, assistant and tools roles, starting at the user. */
  static standard(): TrajectoryGraphBuilder {
    const roles = [userRole(), assistantRole(), toolsRole()];
    return new TrajectoryGraphBuilder(new Map(roles.map((role) => [role.name, role])), [], "user");
  }

  /** The names of the roles in the graph, in the order they were added. */
  get roleNames(): string[] {
    return [...this.roles.keys()];
  }

  /** Each role's `settings`, by role name, for roles that declare any (part of a run's config hash). */
  get roleSettings(): Record<string, Readonly<Record<string, unknown>>> {
    return Object.fromEntries([...this.roles].flatMap(([name, role]) => (role.settings ? [[name, role.settings]] : [])));
  }

  /** The role with this name, if the graph has one. */
  role(name: string): TrajectoryRole | undefined {
    return this.roles.get(name);
  }

  /** Swap the role that has the same name (e.g. a different `user`). */
  replaceRole(role: TrajectoryRole): TrajectoryGraphBuilder {
    if (!this.roles.has(role.name)) {
      throw new UserError(`There is no role '${role.name}' to replace (roles: ${this.roleNames.join(", ")}); use addRole for a new role.`, {
        code: "invalid-config",
      });
    }
    const roles = new Map(this.roles);
    roles.set(role.name, role);
    return new TrajectoryGraphBuilder(roles, this.redirects, this.entry);
  }

  /** Add a new role, optionally placing it on an existing route (see {@link RolePlacement}). */
  addRole(role: TrajectoryRole, placement: RolePlacement = {}): TrajectoryGraphBuilder {
    if (this.roles.has(role.name)) {
      throw new UserError(`The graph already has a role '${role.name}'; use replaceRole to swap it, or give the new role another name.`, {
        code: "invalid-config",
      });
    }
    if (role.name === "end" || role.name === START || role.name === END) {
      throw new UserError(`'${role.name}' is reserved; give the role another name.`, { code: "invalid-config" });
    }
    const roles = new Map(this.roles);
    roles.set(role.name, role);
    const added = new TrajectoryGraphBuilder(roles, this.redirects, this.entry);
    return placement.between ? added.redirect(placement.between[0], placement.between[1], role.name) : added;
  }

  /** Whenever role `from` routes to `to`, visit role `via` instead. */
  redirect(from: string, to: string, via: string): TrajectoryGraphBuilder {
    const source = this.roles.get(from);
    if (!source) throw new UserError(`Cannot redirect from '${from}': no such role (roles: ${this.roleNames.join(", ")}).`, { code: "invalid-config" });
    if (!source.routes.includes(to)) {
      throw new UserError(`Role '${from}' never routes to '${to}' (its routes: ${source.routes.join(", ")}); choose one of those.`, {
        code: "invalid-config",
      });
    }
    if (!this.roles.has(via)) throw new UserError(`Cannot redirect to '${via}': add that role first.`, { code: "invalid-config" });
    const redirects = [...this.redirects.filter((entry) => !(entry.from === from && entry.to === to)), { from, to, via }];
    return new TrajectoryGraphBuilder(this.roles, redirects, this.entry);
  }

  /** The first role to run (default `user`). */
  startAt(name: string): TrajectoryGraphBuilder {
    if (!this.roles.has(name)) throw new UserError(`Cannot start at '${name}': no such role (roles: ${this.roleNames.join(", ")}).`, { code: "invalid-config" });
    return new TrajectoryGraphBuilder(this.roles, this.redirects, name);
  }

  /** The LangGraph graph for these options (call `invoke({ task })` on it). */
  compile(options: SimulationOptions) {
    // Resolving is idempotent, so already-resolved options pass through unchanged.
    const resolved = resolveSimulationOptions(options);
    this.validate();
    // Node names are only known at run time, so the graph is typed with plain strings.
    const graph = new StateGraph(TrajectoryState) as unknown as StateGraph<typeof TrajectoryState.spec, TrajectoryStateValue, TrajectoryUpdate, string>;
    for (const role of this.roles.values()) {
      const modelKey = role.model ?? role.name;
      const model = resolved.models[modelKey] ?? resolved.models.assistant;
      graph.addNode(role.name, (state: TrajectoryStateValue, config: { configurable?: Record<string, unknown> }) => {
        // A graph compiled once serves many tasks: each invocation brings its own signal and transport.
        const scope = config.configurable?.[TASK_SCOPE] as TaskScope | undefined;
        const options = scope ? { ...resolved, signal: scope.signal, transport: scope.transport } : resolved;
        return role.run(state, { model, options, call: { signal: options.signal, transport: options.transport, role: modelKey } });
      });
    }
    graph.addEdge(START, this.entry);
    for (const role of this.roles.values()) {
      const targets = new Set<string>([END]);
      for (const route of role.routes) targets.add(this.target(role.name, route));
      graph.addConditionalEdges(role.name, (state: TrajectoryStateValue) => this.route(role, state), [...targets]);
    }
    return graph.compile();
  }

  /**
   * Play one task out and return its trajectory record. Model-behaviour failures and the
   * turn cap give a record with `reason` set; transport and system failures throw.
   */
  async simulate(task: TaskRecord, options: SimulationOptions): Promise<TrajectoryRecord> {
    return this.prepare(options).simulate(task, options);
  }

  /**
   * Compile once for many tasks: the returned simulator plays each task out on the same
   * compiled graph, with that task's own signal and transport. The runner uses this, so a
   * run compiles its graph once instead of once per task.
   */
  prepare(options: SimulationOptions): PreparedTrajectoryGraph {
    const resolved = resolveSimulationOptions(options);
    const graph = this.compile(resolved);
    // Every assistant turn visits each role at most once; leave room for the rest.
    const recursionLimit = resolved.maxTurns * Math.max(3, this.roles.size) + 10;
    return {
      simulate: async (task, scope = {}) => {
        const signal = scope.signal ?? resolved.signal;
        const taskScope: TaskScope = { signal, transport: scope.transport ?? resolved.transport };
        const state = (await graph.invoke({ task }, { recursionLimit, signal, configurable: { [TASK_SCOPE]: taskScope } })) as TrajectoryStateValue;
        return toTrajectoryRecord(state, taskScope.signal === resolved.signal && taskScope.transport === resolved.transport ? resolved : { ...resolved, ...taskScope });
      },
    };
  }

  private route(role: TrajectoryRole, state: TrajectoryStateValue): string {
    if (state.status === "rejected") return END;
    if (!role.routes.includes(state.next) && state.next !== "end") {
      throw new UserError(
        `Role '${role.name}' asked to go to '${state.next}', which is not among its routes (${role.routes.join(", ")}); add it to the role's routes or return one of them as 'next'.`,
        { code: "invalid-config" },
      );
    }
    return this.target(role.name, state.next);
  }

  private target(from: string, to: string): string {
    const via = this.redirects.find((entry) => entry.from === from && entry.to === to)?.via;
    const resolved = via ?? to;
    return resolved === "end" ? END : resolved;
  }

  private validate(): void {
    for (const role of this.roles.values()) {
      for (const route of role.routes) {
        if (route !== "end" && !this.roles.has(route)) {
          throw new UserError(
            `Role '${role.name}' routes to '${route}', which is not in the graph (roles: ${this.roleNames.join(", ")}); add that role or change the routes.`,
            { code: "invalid-config" },
          );
        }
      }
    }
  }
}

/** A builder for the standard trajectory graph, to customise with roles. */
export function trajectoryGraph(): TrajectoryGraphBuilder {
  return TrajectoryGraphBuilder.standard();
}

