/** One error a tool reported in a task's output; `file` is as the tool printed it (relative to the package or absolute). */
export interface Problem {
  file: string;
  line?: number;
  col?: number;
  message: string;
}
