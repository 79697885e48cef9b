import { FRAMEWORKS, type Framework } from '../apps/frameworks';
import { VARIANTS, type Variant } from '../apps/variants';

/** A measurement of one framework × variant on one Node version (load or instruction count). */
export interface VariantCell {
  readonly nodeVersion: string;
  readonly framework: Framework;
  readonly frameworkVersion: string;
  readonly variant: Variant;
}

/** One framework's cells on one Node version. */
export interface FrameworkCells<C extends VariantCell> {
  /** `<framework> <version>`, as the tables name it. */
  readonly name: string;
  /** The cells in the order of {@link VARIANTS}. */
  readonly cells: readonly C[];
  readonly byVariant: ReadonlyMap<Variant, C>;
}

/** Groups `cells` per Node version (in order of appearance), then per framework (in `FRAMEWORKS` order). */
export function cellsByNodeAndFramework<C extends VariantCell>(
  cells: readonly C[],
): Map<string, FrameworkCells<C>[]> {
  const groups = new Map<string, FrameworkCells<C>[]>();
  for (const nodeVersion of new Set(cells.map((cell) => cell.nodeVersion))) {
    const frameworks: FrameworkCells<C>[] = [];
    for (const framework of FRAMEWORKS) {
      const ofFramework = cells.filter(
        (cell) => cell.nodeVersion === nodeVersion && cell.framework === framework,
      );
      if (ofFramework.length === 0) continue;
      const byVariant = new Map<Variant, C>(ofFramework.map((cell) => [cell.variant, cell]));
      frameworks.push({
        name: `${framework} ${ofFramework[0]!.frameworkVersion}`,
        cells: VARIANTS.flatMap((variant) => byVariant.get(variant) ?? []),
        byVariant,
      });
    }
    groups.set(nodeVersion, frameworks);
  }
  return groups;
}

/** `a / b`, or `undefined` when either was not measured. */
export function ratio(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined || b === undefined ? undefined : a / b;
}
