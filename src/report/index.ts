/** Public API of the report module: dataset statistics as data, text and HTML, and the trajectory viewer. */
export { collectStats, type DatasetStats } from "./dataset-stats.js";
export { distribution, type Distribution } from "./distribution.js";
export { formatStatsText } from "./stats-text.js";
export { renderStatsHtml } from "./stats-html.js";
export { collectReportData, dependencyDepth, type ReportData, type ReportOptions, type ReportPrices, type ReportTrajectory, type ReportTask } from "./report-data.js";
export { jsonForScript, renderReportHtml } from "./report-html.js";
export { recordTokenLengths } from "./token-lengths.js";
