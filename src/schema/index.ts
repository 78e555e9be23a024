export * from "./function-spec.js";
export * from "./task.js";
export * from "./trajectory.js";
export * from "./stable-id.js";
