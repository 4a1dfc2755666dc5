// OpenActive's own validators, run by tests/openactive/test_validators.py with node.
//
//   node openactive_validators.js rpde URL PAGE_LIMIT
//     walks an RPDE feed with @openactive/rpde-validator (as validator.openactive.io/rpde
//     does) and prints {"pages": [...], "errors": [...]}.
//   node openactive_validators.js model FILE
//     checks each object in a JSON array with @openactive/data-model-validator (its
//     dependency) as items of an open data feed, and prints {"errors": [[...], ...]}.
//
// Both print only JSON on stdout, so the Python side can assert on every finding.

const fs = require('fs');
const { RpdeValidator } = require('@openactive/rpde-validator');
const { validate } = require('@openactive/data-model-validator');

function finding(error) {
  return {
    rule: error.rule,
    severity: error.severity,
    type: error.type,
    path: error.path,
    message: error.message,
  };
}

async function walkFeed(url, pageLimit) {
  const log = await RpdeValidator(url, { pageLimit, timeoutMs: 10000, requestDelayMs: 0 });
  const errors = [];
  for (const page of log.pages) {
    for (const error of page.errors) {
      errors.push({ url: page.url, ...finding(error) });
    }
  }
  return { pages: log.pages.map((page) => page.url), errors };
}

async function checkModels(file) {
  const objects = JSON.parse(fs.readFileSync(file, 'utf8'));
  const errors = [];
  for (const object of objects) {
    // Remote files (the activity list) are not fetched: tests must not need the network.
    const found = await validate(object, { validationMode: 'RPDEFeed', loadRemoteJson: false });
    errors.push(found.map(finding));
  }
  return { errors };
}

async function main() {
  const [mode, target, pageLimit] = process.argv.slice(2);
  const result = mode === 'rpde'
    ? await walkFeed(target, Number(pageLimit))
    : await checkModels(target);
  process.stdout.write(JSON.stringify(result));
}

main().catch((error) => {
  process.stderr.write(`${error.stack || error}\n`);
  process.exit(1);
});
