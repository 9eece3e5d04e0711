import { availableParallelism, cpus, totalmem } from "node:os";

export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  node: string;
  database: string;
  date: string;
}

export function describeMachine(database: string): Machine {
  return {
    cpu: cpus()[0]?.model.trim() ?? "unknown",
    cores: availableParallelism(),
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    database,
    date: new Date().toISOString(),
  };
}

export function machineLine(machine: Machine): string {
  return `${machine.cpu}, ${String(machine.cores)} cores, ${String(machine.memoryGiB)} GiB, Node ${machine.node}, ${machine.database}, ${machine.date.slice(0, 10)}`;
}
