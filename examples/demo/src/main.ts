import { createColors } from 'picocolors';
import { parseCliOptions, USAGE } from './cli-options';
import { renderTree } from './render-tree';
import { runDemo } from './run-demo';

let options: ReturnType<typeof parseCliOptions>;
try {
  options = parseCliOptions(process.argv.slice(2));
} catch (error) {
  console.error(`${(error as Error).message}\n\n${USAGE}`);
  process.exit(2);
}

if (options.help) {
  console.log(USAGE);
} else {
  const result = await runDemo(options.framework, { llm: options.llm });
  if (options.json) {
    console.log(JSON.stringify(result, null, 2));
  } else {
    const colorsOn = process.stdout.isTTY === true && !process.env.NO_COLOR;
    console.log(renderTree(result, createColors(colorsOn)));
  }
  process.exitCode = result.ok ? 0 : 1;
}
