/**
 * `button-synth/testing`: what tests of your own roles and pipelines need and production code
 * does not. `ScriptedChatModel` answers from a script and records every call it receives, so
 * a test can drive a role or a graph deterministically and assert on the prompts it sent.
 */
export { ScriptedChatModel, type RecordedCall, type ScriptedReply } from "./models/scripted-chat-model.js";
