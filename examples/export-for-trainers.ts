// Turn a run directory into training files: a shuffled 90/10 ShareGPT split that LLaMA-Factory
// loads through the dataset_info.json written beside it, a Parquet file for Hugging Face
// `datasets`, records over 4,000 tokens left out, and the HTML report to read the data.
//
//   npx tsx examples/export-for-trainers.ts RUN_DIR OUT_DIR
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { collectReportData, exportRecords, renderReportHtml } from "../src/index.js";

const [runDirectory = "out/demo", outDirectory = "out/training"] = process.argv.slice(2);

const shareGPT = await exportRecords(runDirectory, "sharegpt", join(outDirectory, "button.jsonl"), {
  split: "train=0.9,val=0.1",
  shuffle: true,
  seed: 42,
  maxTokensPerRecord: 4000,
});
for (const file of shareGPT.files) console.log(`${file.part}: ${file.records} records in ${file.path}`);
console.log(`LLaMA-Factory: ${shareGPT.datasetInfo}; token lengths (${shareGPT.tokenLengths!.tokenizer}): median ${shareGPT.tokenLengths!.median}, max ${shareGPT.tokenLengths!.max}`);

const parquet = await exportRecords(runDirectory, "openai", join(outDirectory, "openai.parquet"));
console.log(`Parquet: ${parquet.written} records in ${parquet.files[0]!.path}`);

const report = join(outDirectory, "report.html");
await writeFile(report, renderReportHtml(await collectReportData(runDirectory, { title: "Training data", tokenizer: "o200k_base" })));
console.log(`report: ${report}`);
