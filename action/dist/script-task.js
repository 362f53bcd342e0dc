import { createRequire as __fanoutCreateRequire } from 'node:module';
const require = __fanoutCreateRequire(import.meta.url);

// packages/runner/src/executor/script-task.ts
import { spawn } from "node:child_process";
function runScript(spec) {
  return new Promise((resolve, reject) => {
    const child = spawn(spec.shell, ["-c", spec.commandLine], {
      cwd: spec.cwd,
      env: spec.env,
      stdio: ["ignore", "inherit", "inherit"]
    });
    child.once("error", reject);
    child.once("exit", (exitCode, signal) => resolve({ exitCode, signal }));
  });
}
export {
  runScript
};
