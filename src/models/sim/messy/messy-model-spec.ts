import { UserError } from "../../../errors.js";
import { DEFAULT_MESSY_RATE, MessySimChatModel } from "./messy-sim-chat-model.js";

/** `sim:messy` or `sim:messy:<rate>` (rate 0–1, default 0.2) → a messy simulator with the run's seed. */
export function messyModel(spec: string, seed: number): MessySimChatModel {
  const rateText = spec.slice("sim:messy".length).replace(/^:/, "");
  const rate = rateText === "" ? DEFAULT_MESSY_RATE : Number(rateText);
  if (!Number.isFinite(rate) || rate < 0 || rate > 1) {
    throw new UserError(`'${spec}' is not a valid messy simulator; use 'sim:messy' or 'sim:messy:<rate>' with a rate from 0 to 1.`, {
      code: "invalid-config",
      field: "model",
    });
  }
  return new MessySimChatModel({ seed, rate });
}
