#!/usr/bin/env node
'use strict';
require('../dist/src/cli/processRun.js').runProcess(process.argv.slice(2));
