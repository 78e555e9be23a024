/** Public API of the report module: dataset statistics as data, text and HTML. */
export { collectStats, type DatasetStats } from "./dataset-stats.js";
export { distribution, type Distribution } from "./distribution.js";
export { formatStatsText } from "./stats-text.js";
export { renderStatsHtml } from "./stats-html.js";
