/** Every agent's prompt, one file per agent. */
export { userAgentPrompt, OPENING_INSTRUCTION, USER_RULES, USER_EXAMPLE } from "./user-prompt.js";
export { assistantBriefing, ASSISTANT_RULES, ASSISTANT_EXAMPLE } from "./assistant-prompt.js";
export { toolAgentPrompt, toolCallPrompt, TOOL_RULES, TOOL_EXAMPLE } from "./tool-prompt.js";
export { criticSystemPrompt, criticRequest, CRITIC_TOOL_NAME, CRITIC_RULES, CRITIC_EXAMPLE, type CriticToolResult } from "./critic-prompt.js";
