import { IsInt, IsString, Min, validateSync } from 'class-validator';
import { cacheValidationMetadata } from './validation-metadata-cache';

const problemsOf = (value: object) => validateSync(value, { whitelist: true, forbidNonWhitelisted: true }).map((e) => `${e.property}: ${Object.keys(e.constraints ?? {}).sort().join(',')}`).sort();

describe('class-validator rules looked up once per class (cacheValidationMetadata)', () => {
  beforeAll(() => cacheValidationMetadata());

  it('finds the same problems on every validation, inherited rules included', () => {
    class Base {
      @IsString()
      name!: unknown;
    }
    class Child extends Base {
      @IsInt()
      @Min(1)
      count!: unknown;
    }
    const bad = Object.assign(new Child(), { name: 3, count: 0 });
    const good = Object.assign(new Child(), { name: 'x', count: 2 });
    for (let i = 0; i < 3; i++) {
      expect(problemsOf(bad)).toEqual(['count: min', 'name: isString']);
      expect(problemsOf(good)).toEqual([]);
    }
    expect(problemsOf(Object.assign(new Base(), { name: 1 }))).toEqual(['name: isString']);
  });

  it('sees a subclass defined after its parent was validated, with its own rules and the parent\'s', () => {
    class Parent {
      @IsString()
      label!: unknown;
    }
    expect(problemsOf(Object.assign(new Parent(), { label: 1 }))).toEqual(['label: isString']);
    class Later extends Parent {
      @IsInt()
      size!: unknown;
    }
    expect(problemsOf(Object.assign(new Later(), { label: 1, size: 'big' }))).toEqual(['label: isString', 'size: isInt']);
    expect(problemsOf(Object.assign(new Parent(), { label: 'ok' }))).toEqual([]);
  });

  it('keeps answers apart by validation groups', () => {
    class Grouped {
      @IsString({ groups: ['strict'] })
      code!: unknown;
    }
    const value = Object.assign(new Grouped(), { code: 5 });
    const properties = (groups: string[]) => validateSync(value, { groups, forbidUnknownValues: false }).map((e) => e.property);
    expect(properties(['strict'])).toEqual(['code']);
    expect(properties(['other'])).toEqual([]);
    expect(properties(['strict'])).toEqual(['code']);
  });
});
