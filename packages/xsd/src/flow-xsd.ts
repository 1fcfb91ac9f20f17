// Real XSD validation of flow batches with libxml2 (libxml2-wasm) against the official INPS schemas,
// and the translation of libxml2's messages into English ones that name the element and attribute
// but never the value.
import { readFileSync } from 'node:fs';
import { ParseOption, XmlDocument, XmlElement, XmlValidateError, XsdValidator } from 'libxml2-wasm';
import type { ErrorDetail } from 'libxml2-wasm';
import { SaxesParser } from 'saxes';
import type { FlowKind, XsdProblem } from './flow-types.ts';

export const CASELLARIO_NS = 'http://inps.it/Casellario';

const SCHEMA_FILES: Record<FlowKind, string> = { PS: 'PS_PSA_SINA201812.xsd', SINBA: 'SINBA.xsd' };

/** What the messages need to know about a simple type: its built-in base and facets. */
interface SimpleInfo {
  base: string;
  enumeration: string[];
  pattern?: string;
}

interface ComplexInfo {
  attributes: Map<string, SimpleInfo | string>;
  /** Child elements in XSD order with their occurrence bounds (max Infinity for unbounded). */
  children: Map<string, { min: number; max: number }>;
}

/** Element and attribute types of one XSD, read from the schema itself so messages follow the file. */
export class XsdDescription {
  private readonly simpleTypes = new Map<string, SimpleInfo>();
  private readonly complexTypes = new Map<string, ComplexInfo>();
  private readonly elementTypes = new Map<string, SimpleInfo | string>();

  constructor(xsd: string) {
    type Frame = { kind: 'element'; name: string } | { kind: 'complex'; info: ComplexInfo } | { kind: 'attribute'; name: string; owner: ComplexInfo | undefined } | { kind: 'simple'; info: SimpleInfo } | { kind: 'other' };
    const stack: Frame[] = [];
    const nearest = <K extends Frame['kind']>(kind: K): Extract<Frame, { kind: K }> | undefined => {
      for (let i = stack.length - 1; i >= 0; i--) if (stack[i]?.kind === kind) return stack[i] as Extract<Frame, { kind: K }>;
      return undefined;
    };
    const parser = new SaxesParser({ xmlns: false, position: false });
    parser.on('opentag', (tag) => {
      const attrs = tag.attributes as Record<string, string>;
      const local = tag.name.replace(/^[^:]*:/, '');
      const top = stack[stack.length - 1];
      let frame: Frame = { kind: 'other' };
      if (local === 'element' && attrs['name'] !== undefined) {
        const name = attrs['name'];
        const owner = nearest('complex')?.info;
        const max = attrs['maxOccurs'];
        owner?.children.set(name, { min: Number(attrs['minOccurs'] ?? 1), max: max === undefined ? 1 : max === 'unbounded' ? Infinity : Number(max) });
        if (attrs['type'] !== undefined) this.elementTypes.set(name, attrs['type']);
        frame = { kind: 'element', name };
      } else if (local === 'complexType') {
        const info: ComplexInfo = { attributes: new Map(), children: new Map() };
        if (attrs['name'] !== undefined) this.complexTypes.set(attrs['name'], info);
        else if (top?.kind === 'element') {
          this.complexTypes.set(`#${top.name}`, info);
          this.elementTypes.set(top.name, `#${top.name}`);
        }
        frame = { kind: 'complex', info };
      } else if (local === 'attribute' && attrs['name'] !== undefined) {
        const owner = nearest('complex')?.info;
        if (attrs['type'] !== undefined) owner?.attributes.set(attrs['name'], attrs['type']);
        frame = { kind: 'attribute', name: attrs['name'], owner };
      } else if (local === 'simpleType') {
        const info: SimpleInfo = { base: '', enumeration: [] };
        if (attrs['name'] !== undefined) this.simpleTypes.set(attrs['name'], info);
        else if (top?.kind === 'attribute') top.owner?.attributes.set(top.name, info);
        else if (top?.kind === 'element') this.elementTypes.set(top.name, info);
        frame = { kind: 'simple', info };
      } else if (top?.kind === 'simple' || (top?.kind === 'other' && nearest('simple') !== undefined)) {
        const info = nearest('simple')?.info;
        const value = attrs['value'];
        if (info !== undefined) {
          if (local === 'restriction' && attrs['base'] !== undefined) info.base = attrs['base'];
          else if (local === 'enumeration' && value !== undefined) info.enumeration.push(value);
          else if (local === 'pattern' && value !== undefined) info.pattern = value;
        }
      }
      stack.push(frame);
    });
    parser.on('closetag', () => {
      stack.pop();
    });
    parser.write(xsd).close();
  }

  private resolve(type: SimpleInfo | string | undefined): SimpleInfo | undefined {
    let info = typeof type === 'string' ? (type.startsWith('xs:') ? { base: type, enumeration: [] } : this.simpleTypes.get(type)) : type;
    for (let guard = 0; info !== undefined && !info.base.startsWith('xs:') && guard < 10; guard++) {
      const base = this.simpleTypes.get(info.base);
      if (base === undefined) break;
      info = { ...base, enumeration: info.enumeration.length > 0 ? info.enumeration : base.enumeration, ...(info.pattern === undefined ? {} : { pattern: info.pattern }) };
    }
    return info;
  }

  private complexOf(element: string): ComplexInfo | undefined {
    const type = this.elementTypes.get(element);
    return typeof type === 'string' ? this.complexTypes.get(type) : undefined;
  }

  /** The simple type of `element@attribute`, if the XSD declares it. */
  attributeType(element: string, attribute: string): SimpleInfo | undefined {
    return this.resolve(this.complexOf(element)?.attributes.get(attribute));
  }

  /** The simple type of an element with text content (CodicePrestazione, InvCiv...). */
  textType(element: string): SimpleInfo | undefined {
    const type = this.elementTypes.get(element);
    return typeof type === 'string' && this.complexTypes.has(type) ? undefined : this.resolve(type);
  }

  /** maxOccurs of `child` inside `parent` (Infinity for unbounded), undefined when `parent` has no such child. */
  maxOccurs(parent: string, child: string): number | undefined {
    return this.complexOf(parent)?.children.get(child)?.max;
  }

  /** The child elements the XSD requires (minOccurs >= 1) in `element`, in XSD order. */
  requiredChildren(element: string): string[] {
    return [...(this.complexOf(element)?.children ?? new Map<string, { min: number }>()).entries()].filter(([, o]) => o.min >= 1).map(([name]) => name);
  }

  /** Names the XSD declares (elements, attributes, types): the only words of a libxml2 message safe to repeat. */
  isDeclaredName(name: string): boolean {
    if (name.startsWith('xs:') || this.elementTypes.has(name) || this.simpleTypes.has(name) || this.complexTypes.has(name)) return true;
    for (const info of this.complexTypes.values()) if (info.attributes.has(name)) return true;
    return false;
  }
}

interface LoadedSchema {
  validator: XsdValidator;
  description: XsdDescription;
}

const loaded = new Map<FlowKind, LoadedSchema>();

/**
 * The compiled official XSD of a flow kind, loaded once per process on first use (compiling takes
 * milliseconds; every batch then reuses it). The schema document and validator live as long as the
 * process, so they are deliberately never disposed.
 */
export function schemaFor(kind: FlowKind): LoadedSchema {
  let schema = loaded.get(kind);
  if (schema === undefined) {
    const bytes = readFileSync(new URL(`../schemas/${SCHEMA_FILES[kind]}`, import.meta.url));
    const doc = XmlDocument.fromBuffer(bytes, { option: ParseOption.XML_PARSE_NONET | ParseOption.XML_PARSE_NO_XXE });
    schema = { validator: XsdValidator.fromDoc(doc), description: new XsdDescription(bytes.toString('utf8')) };
    loaded.set(kind, schema);
  }
  return schema;
}

const PARSE_OPTIONS = ParseOption.XML_PARSE_NONET | ParseOption.XML_PARSE_NO_XXE | ParseOption.XML_PARSE_BIG_LINES | ParseOption.XML_PARSE_COMPACT | ParseOption.XML_PARSE_HUGE;

/** One XSD problem, where libxml2 reported it. */
export interface LocatedProblem {
  /** Line in the validated document. */
  line: number;
  /**
   * When the problem is inside a record element (a child of Flusso), the 0-based position of the
   * record element's child that holds it (Anagrafica, Indirizzo, PrestazioniSociali...); undefined
   * when it is on the record element itself or cannot be told.
   */
  child: number | undefined;
  problem: XsdProblem;
}

/** Thrown when libxml2 finds the document not well-formed although saxes accepted the source. */
export class RebuiltXmlError extends Error {
  readonly line: number | undefined;
  constructor(line: number | undefined) {
    super('libxml2 cannot parse XML that saxes accepted');
    this.line = line;
  }
}

/**
 * Validates one document (the flow's root, the envelope and a batch of record elements) against the
 * kind's XSD and returns the problems in libxml2's order, located by line and record child. The
 * libxml2 document is disposed before returning, so wasm memory does not grow with the number of
 * batches. `namespaces` are the prefixes of the root, to follow libxml2's error paths.
 */
export function validateDocument(kind: FlowKind, xml: string, namespaces: Record<string, string> = {}): LocatedProblem[] {
  const { validator, description } = schemaFor(kind);
  let doc: XmlDocument;
  try {
    doc = XmlDocument.fromBuffer(Buffer.from(xml, 'utf8'), { option: PARSE_OPTIONS });
  } catch (error) {
    throw new RebuiltXmlError((error as { details?: ErrorDetail[] }).details?.[0]?.line);
  }
  try {
    validator.validate(doc);
    return [];
  } catch (error) {
    if (!(error instanceof XmlValidateError)) throw error;
    const out: LocatedProblem[] = [];
    for (const detail of error.details) {
      if (detail.level < 2) continue;
      const at = elementAt(doc, detail.xpath, namespaces);
      out.push({ line: detail.line, child: childIndex(at), problem: translate(detail, at, description) });
    }
    return out;
  } finally {
    doc.dispose();
  }
}

/**
 * Position of the error's depth-3 ancestor (a child of a record element, the record element being a
 * child of Flusso) among its element siblings; undefined when the error is higher up or unknown.
 */
function childIndex(at: ErrorNode): number | undefined {
  const chain: XmlElement[] = [];
  for (let n: XmlElement | null | undefined = at.node ?? at.parent; n !== null && n !== undefined; n = n.parent) chain.push(n);
  // Without the node itself, the chain is one level short: a child of the record element is unknown.
  if (at.node === undefined && chain.length < 3) return undefined;
  const child = chain[chain.length - 3];
  if (child === undefined) return undefined;
  let index = 0;
  for (let prev = child.prev; prev !== null; prev = prev.prev) if (prev instanceof XmlElement) index += 1;
  return index;
}

const localName = (qualified: string): string => qualified.replace(/^\{[^}]*\}/, '').replace(/^[^:]*:/, '');

/** The element a libxml2 error is about, or only its parent when the error path uses a prefix declared inside a record. */
interface ErrorNode {
  node: XmlElement | undefined;
  parent: XmlElement | undefined;
}

const PREFIX = /([A-Za-z_][\w.-]*):/g;

function elementAt(doc: XmlDocument, xpath: string | undefined, namespaces: Record<string, string>): ErrorNode {
  const none: ErrorNode = { node: undefined, parent: undefined };
  if (xpath === undefined || xpath === '') return none;
  const known = (step: string): boolean => [...step.matchAll(PREFIX)].every((m) => namespaces[m[1] ?? ''] !== undefined);
  const steps = xpath.split('/');
  const get = (path: string): XmlElement | undefined => {
    try {
      const node = doc.get(path, namespaces);
      return node instanceof XmlElement ? node : undefined;
    } catch {
      return undefined;
    }
  };
  // Asking libxml2 about an unknown prefix would make it log an XPath error: stop at the parent then.
  if (steps.every(known)) {
    const node = get(xpath);
    return { node, parent: node?.parent ?? undefined };
  }
  const last = steps.findIndex((step) => !known(step));
  return last === steps.length - 1 && last > 1 ? { node: undefined, parent: get(steps.slice(0, last).join('/')) } : none;
}

/** `Indirizzo[n]` for the n-th address (as the benefits subgraph names them), else the element's name. */
function elementLabel(local: string, node: XmlElement | undefined): string {
  if (local !== 'Indirizzo' || node === undefined) return local;
  let n = 1;
  for (let prev = node.prev; prev !== null; prev = prev.prev) if (prev instanceof XmlElement && localName(prev.name) === local) n += 1;
  return `Indirizzo[${n}]`;
}

function expectedNames(text: string): string[] {
  const list = /Expected is (?:one of )?\( ([^)]*) \)/.exec(text)?.[1];
  return list === undefined ? [] : list.split(', ').map(localName);
}

const FRIENDLY_PATTERNS: Record<string, string> = {
  '([0-9]{2})': 'must be 2 digits',
  '([0-9]{3})': 'must be 3 digits',
  '([0-9]{4})': 'must be 4 digits',
  '([0-9]{6})': 'must be 6 digits',
  '([A-Za-z]{6}\\d{2}[A-Za-z]\\d{2}[A-Za-z][A-Za-z0-9]{3}[A-Za-z])|(\\d{11} {0,5})':
    'is not in the form of a codice fiscale: 16 letters and digits (6 letters, 2 digits, a letter, 2 digits, a letter, 3 letters or digits, a letter) or 11 digits',
  '((0[1-9])|(1[0-2]))[/](19|20)[0-9]{2}': 'must be a month and year MM/YYYY (year 19xx or 20xx)',
};

const FRIENDLY_BASES: Record<string, string> = {
  'xs:date': 'is not a valid xs:date (a real calendar date YYYY-MM-DD)',
  'xs:decimal': "is not a valid xs:decimal (digits with an optional sign and a '.' fraction, e.g. 101.23)",
  'xs:int': 'is not a valid xs:int (a whole number)',
};

/** The libxml2 message with every quoted word that is not an XSD name masked: the last-resort message. */
function sanitized(text: string, description: XsdDescription): string {
  return text
    .replace(/\{[^}]*\}/g, '')
    .replace(/'([^']*)'/g, (quoted, inner: string) => (description.isDeclaredName(localName(inner)) ? quoted : "'…'"))
    .replace(/\s+$/, '');
}

/** One libxml2 validation error as an XsdProblem: field from the element/attribute, message without values. */
function translate(detail: ErrorDetail, at: ErrorNode, description: XsdDescription): XsdProblem {
  const problem = (field: string, message: string): XsdProblem => ({ rule: 'XSD', field, message, severity: 'BLOCKING' });
  const match = /^Element '([^']+)'(?:, attribute '([^']+)')?: ([\s\S]*)$/.exec(detail.message.trim());
  if (match === null) return problem('Flusso', `the XSD refused the record: ${sanitized(detail.message, description)}`);
  const [, qualifiedElement = '', named, text = ''] = match;
  const element = localName(qualifiedElement);
  // libxml2 names a missing required attribute in the text, not after the element.
  const qualifiedAttribute = named ?? /^The attribute '([^']+)' is required but missing/.exec(text)?.[1];
  const node = at.node;
  const parent = at.parent === undefined ? undefined : localName(at.parent.name);
  const path = parent === undefined ? element : `${parent}/${element}`;

  if (qualifiedAttribute !== undefined) {
    const attribute = localName(qualifiedAttribute);
    const field = `${elementLabel(element, node)}@${attribute}`;
    const type = description.attributeType(element, attribute);
    return problem(field, `${field} ${valueProblem(text, type, element, attribute, description)}`);
  }
  if (/is not expected/.test(text)) {
    const expected = expectedNames(text);
    const max = parent === undefined ? undefined : description.maxOccurs(parent, element);
    const hint = max === undefined
      ? parent === undefined ? '' : `; ${parent} has no child element ${element} in the XSD`
      : Number.isFinite(max) ? `; at most ${max} ${element} ${max === 1 ? 'is' : 'are'} allowed, in the XSD order` : '';
    const wanted = expected.length === 0 ? '' : expected.length === 1 ? `; expected ${expected[0]}` : `; expected one of ${expected.join(', ')}`;
    return problem(path, `${path} is not expected here${wanted}${hint}`);
  }
  if (/^Missing child element/.test(text)) {
    // libxml2 lists only the next possible child (Indirizzo after one Indirizzo): name the required one that is absent.
    const present = new Set<string>();
    for (let child = node?.firstChild ?? null; child !== null; child = child.next) if (child instanceof XmlElement) present.add(localName(child.name));
    const absent = node === undefined ? undefined : description.requiredChildren(element).find((name) => !present.has(name));
    if (absent !== undefined) return problem(`${element}/${absent}`, `${element}/${absent} is missing: ${element} needs at least one ${absent}`);
    const expected = expectedNames(text);
    return problem(path, `${path} is missing a child element${expected.length > 0 ? `: expected ${expected.join(', ')}` : ''}`);
  }
  if (/^Character content other than whitespace is not allowed/.test(text)) return problem(path, `${path} must not contain text, only the child elements of the XSD`);
  if (/^Element content is not allowed/.test(text)) return problem(path, `${path} must contain only text, not elements`);
  if (/^The element is not 'nillable'/.test(text)) return problem(path, `${path} must not be xsi:nil: the XSD does not allow it`);
  return problem(path, `${path} ${valueProblem(text, description.textType(element), element, undefined, description)}`);
}

/** What is wrong with a value, from libxml2's facet message, without the value itself. */
function valueProblem(text: string, type: SimpleInfo | undefined, element: string, attribute: string | undefined, description: XsdDescription): string {
  if (attribute !== undefined && /^The attribute '[^']*' is not allowed/.test(text)) return `is not allowed: ${element} has no attribute ${attribute} in the XSD`;
  if (/is required but missing/.test(text)) return 'is required but missing';
  const facet = /^\[facet '([A-Za-z]+)'\] ([\s\S]*)$/.exec(text);
  if (facet !== null) {
    const [, name = '', rest = ''] = facet;
    const numbers = [...rest.matchAll(/'(\d+)'/g)].map((m) => m[1]);
    switch (name) {
      case 'enumeration': {
        const codes = type?.enumeration.length ? type.enumeration : [...(/\{([^}]*)\}\.?$/.exec(rest)?.[1] ?? '').matchAll(/'([^']*)'/g)].map((m) => m[1]);
        return `is not one of the allowed codes ${codes.join(', ')}`;
      }
      case 'pattern': {
        const pattern = type?.pattern;
        if (pattern !== undefined) return FRIENDLY_PATTERNS[pattern] ?? `does not match the XSD pattern ${pattern}`;
        return 'does not match the XSD pattern';
      }
      case 'maxLength': {
        const [length, max] = numbers.slice(-2);
        return `is too long: ${length} characters, at most ${max} allowed`;
      }
      case 'minLength': {
        const [length, min] = numbers.slice(-2);
        return length === '0' ? `is empty; at least ${min} ${min === '1' ? 'character is' : 'characters are'} required` : `is too short: ${length} characters, at least ${min} required`;
      }
      case 'length': {
        const [length, wanted] = numbers.slice(-2);
        return `must be exactly ${wanted} characters long, not ${length}`;
      }
      case 'maxInclusive':
        return `is greater than the maximum allowed, ${/\('([^']*)'\)/.exec(rest)?.[1] ?? '?'}`;
      case 'minInclusive':
        return `is less than the minimum allowed, ${/\('([^']*)'\)/.exec(rest)?.[1] ?? '?'}`;
      default:
        return `breaks the XSD facet ${name}`;
    }
  }
  if (/is not a valid value of the (?:local )?atomic type/.test(text)) {
    const named = /atomic type '([^']+)'/.exec(text)?.[1];
    const base = named?.startsWith('xs:') ? named : type?.base;
    if (base !== undefined && FRIENDLY_BASES[base] !== undefined) return FRIENDLY_BASES[base];
    if (type !== undefined && type.enumeration.length > 0) return `is not one of the allowed codes ${type.enumeration.join(', ')}`;
    return base === undefined ? 'is not a valid value for its XSD type' : `is not a valid ${base}`;
  }
  return `is not valid against the XSD: ${sanitized(text, description)}`;
}
