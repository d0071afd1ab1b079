import { type AttributeObject, AttributeType, DataType, type NodeObject, type TensorObject } from './onnx-proto';

/**
 * A small helper that accumulates ONNX nodes and constant tensors (initializers) as plain objects in the shape
 * protobufjs encodes (see onnx-proto.ts). Tensor data goes in `raw_data`, little-endian, as onnx.proto requires.
 */

export type AttributeValue =
  | { kind: 'int'; value: number }
  | { kind: 'float'; value: number }
  | { kind: 'string'; value: string }
  | { kind: 'ints'; value: readonly number[] }
  | { kind: 'floats'; value: readonly number[] }
  | { kind: 'strings'; value: readonly string[] }
  | { kind: 'tensor'; value: TensorObject };

const utf8 = new TextEncoder();

/** Attribute constructors, e.g. `attr.int(1)`, used in `GraphBuilder.node(…, { axis: attr.int(1) })`. */
export const attr = {
  int: (value: number): AttributeValue => ({ kind: 'int', value }),
  float: (value: number): AttributeValue => ({ kind: 'float', value }),
  string: (value: string): AttributeValue => ({ kind: 'string', value }),
  ints: (value: readonly number[]): AttributeValue => ({ kind: 'ints', value }),
  floats: (value: readonly number[]): AttributeValue => ({ kind: 'floats', value }),
  strings: (value: readonly string[]): AttributeValue => ({ kind: 'strings', value }),
  tensor: (value: TensorObject): AttributeValue => ({ kind: 'tensor', value }),
};

function toAttribute(name: string, a: AttributeValue): AttributeObject {
  switch (a.kind) {
    case 'int':
      return { name, type: AttributeType.INT, i: a.value };
    case 'float':
      return { name, type: AttributeType.FLOAT, f: a.value };
    case 'string':
      return { name, type: AttributeType.STRING, s: utf8.encode(a.value) };
    case 'ints':
      return { name, type: AttributeType.INTS, ints: [...a.value] };
    case 'floats':
      return { name, type: AttributeType.FLOATS, floats: [...a.value] };
    case 'strings':
      return { name, type: AttributeType.STRINGS, strings: a.value.map((s) => utf8.encode(s)) };
    case 'tensor':
      return { name, type: AttributeType.TENSOR, t: a.value };
  }
}

function checkDims(name: string, dims: readonly number[], n: number): void {
  const size = dims.reduce((p, d) => p * d, 1);
  if (size !== n) throw new RangeError(`tensor ${name}: ${n} values do not fill dims [${dims.join(', ')}]`);
}

/** A float64 tensor (TensorProto DOUBLE) with its values stored little-endian in raw_data. */
export function doubleTensor(name: string, dims: readonly number[], values: ArrayLike<number>): TensorObject {
  checkDims(name, dims, values.length);
  const raw = new Uint8Array(values.length * 8);
  const view = new DataView(raw.buffer);
  for (let k = 0; k < values.length; k++) view.setFloat64(k * 8, values[k], true);
  return { name, dims: [...dims], data_type: DataType.DOUBLE, raw_data: raw };
}

/** An int64 tensor (TensorProto INT64) with its values stored little-endian in raw_data. */
export function int64Tensor(name: string, dims: readonly number[], values: ArrayLike<number>): TensorObject {
  checkDims(name, dims, values.length);
  const raw = new Uint8Array(values.length * 8);
  const view = new DataView(raw.buffer);
  for (let k = 0; k < values.length; k++) view.setBigInt64(k * 8, BigInt(values[k]), true);
  return { name, dims: [...dims], data_type: DataType.INT64, raw_data: raw };
}

export class GraphBuilder {
  readonly nodes: NodeObject[] = [];
  readonly initializers: TensorObject[] = [];
  private readonly used = new Set<string>();

  /** A new value name `prefix`, `prefix_1`, … not used before in this graph. */
  fresh(prefix: string): string {
    let name = prefix;
    for (let k = 1; this.used.has(name); k++) name = `${prefix}_${k}`;
    this.used.add(name);
    return name;
  }

  /** Reserves a fixed name (a graph input or output); throws if it is already taken. */
  reserve(name: string): string {
    if (this.used.has(name)) throw new RangeError(`GraphBuilder: name ${name} already used`);
    this.used.add(name);
    return name;
  }

  /** Adds a float64 constant and returns its name. */
  constDouble(prefix: string, dims: readonly number[], values: ArrayLike<number>): string {
    const name = this.fresh(prefix);
    this.initializers.push(doubleTensor(name, dims, values));
    return name;
  }

  /** Adds an int64 constant and returns its name. */
  constInt64(prefix: string, dims: readonly number[], values: ArrayLike<number>): string {
    const name = this.fresh(prefix);
    this.initializers.push(int64Tensor(name, dims, values));
    return name;
  }

  /**
   * Appends a node `opType(inputs) -> output` and returns the output name (fresh from `outPrefix`, or exactly
   * `outName` when given). Nodes must be added in topological order.
   */
  node(
    opType: string,
    inputs: readonly string[],
    opts: { out?: string; outName?: string; attrs?: Record<string, AttributeValue>; domain?: string } = {},
  ): string {
    const output =
      opts.outName !== undefined ? this.reserve(opts.outName) : this.fresh(opts.out ?? opType.toLowerCase());
    const attribute = Object.entries(opts.attrs ?? {}).map(([k, v]) => toAttribute(k, v));
    const node: NodeObject = {
      input: [...inputs],
      output: [output],
      name: this.fresh(`${opType}_node`),
      op_type: opType,
      attribute,
    };
    if (opts.domain) node.domain = opts.domain;
    this.nodes.push(node);
    return output;
  }
}
