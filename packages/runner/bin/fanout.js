#!/usr/bin/env node
// The CLI is the esbuild bundle the build writes to dist/bundle/ (see build-cli.mjs): one file and a few chunks load
// much faster than tsc's ~90 modules. This file exists before the build so package managers can link the bin.
import { main } from '../dist/bundle/main.js';

process.exitCode = await main(process.argv.slice(2));
