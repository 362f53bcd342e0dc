/** The parts of the fingerprint that describe the machine: Node `major.minor`, OS and CPU architecture. */
export function runtimeInputs(): { node: string; platform: string; arch: string } {
  const [major, minor] = process.versions.node.split('.');
  return { node: `${major}.${minor}`, platform: process.platform, arch: process.arch };
}
