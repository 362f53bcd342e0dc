#!/usr/bin/env node
// The built CLI lives in dist/; this file exists before the build so package managers can link the bin.
import { main } from '../dist/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
