/**
 * The one normalised firewall model every importer produces and the flow checker reads.
 * Vendor specifics are resolved at import: rule order is evaluation order, defaults are explicit, zones and
 * interfaces are names, anything not understood is listed (never silently dropped).
 */

export type Vendor = 'native' | 'csv' | 'iptables' | 'nftables' | 'fortios' | 'panos';

export interface SourceRef {
  file: string;
  line: number;
}

/** One member of an address field. An empty list in a rule matches nothing; use `{ kind: 'any' }`. */
export type AddressSpec =
  | { kind: 'any'; families?: ('v4' | 'v6')[] }
  | { kind: 'cidr'; cidr: string }
  | { kind: 'range'; from: string; to: string }
  | { kind: 'fqdn'; fqdn: string }
  | { kind: 'ref'; name: string }
  /** Geography, dynamic, non-contiguous wildcard …: the address set is not known → "possibly". */
  | { kind: 'opaque'; text: string; reason: string };

export type PortRange = [number, number];

/**
 * One member of a service field. `proto` is an IP protocol number (6 tcp, 17 udp, 132 sctp, 1 icmp, 58 icmpv6)
 * or 'any'. For ICMP/ICMPv6 `dstPorts` carries the ICMP type (the checker's port dimension doubles as type).
 */
export type ServiceSpec =
  | { kind: 'any' }
  | { kind: 'proto'; proto: number | 'any'; dstPorts?: PortRange[]; srcPorts?: PortRange[] }
  | { kind: 'ref'; name: string }
  /** App-ID, application-default, service by FQDN …: the match is only "possibly". */
  | { kind: 'opaque'; text: string; reason: string };

export type TerminalAction = 'accept' | 'deny' | 'drop' | 'reject';
/**
 * `continue` = non-terminating (LOG, counters); `unknown` = terminating with an effect not modelled
 * (NFQUEUE, ipsec) — a packet reaching it is "possibly" allowed.
 */
export type RuleAction = TerminalAction | 'jump' | 'goto' | 'return' | 'continue' | 'unknown';

export interface FirewallRule {
  /** Vendor identity: policy id, rule name, or `CHAIN#n`. */
  id: string;
  name?: string;
  enabled: boolean;
  action: RuleAction;
  /** Chain for jump/goto. */
  target?: string;
  /** Ingress/egress zone or interface names; 'any' when unrestricted. */
  srcZones: string[] | 'any';
  dstZones: string[] | 'any';
  srcZonesNegate?: boolean;
  dstZonesNegate?: boolean;
  src: AddressSpec[];
  srcNegate: boolean;
  dst: AddressSpec[];
  dstNegate: boolean;
  services: ServiceSpec[];
  serviceNegate: boolean;
  /** Connection state the rule is restricted to; 'established' rules open no new flows. */
  state: 'any' | 'new' | 'established';
  /** Reasons why the match is uncertain (unknown match module, App-ID, schedule, user-id, …). */
  possibly: string[];
  /** Address families the rule applies to (iptables: v4 only); absent = both. */
  families?: ('v4' | 'v6')[];
  /** Set for rules the importer added (vendor defaults such as PAN-OS intrazone-default). */
  implicit?: boolean;
  source: SourceRef;
}

export interface Chain {
  name: string;
  /** Base chains are where packets enter; user chains are reached by jump/goto only. */
  kind: 'base' | 'user';
  hook?: string;
  /** Families of packets the chain sees (nftables `ip`/`ip6` tables); others pass it untouched. */
  families?: ('v4' | 'v6')[];
  /** What happens after the last rule of a base chain; user chains return to their caller. */
  defaultAction?: TerminalAction;
  rules: FirewallRule[];
  source?: SourceRef;
}

/** The base chains a packet traverses, in order; an accept ends a chain and moves on to the next. */
export interface Pipeline {
  name: string;
  chains: string[];
}

export interface AddressObject {
  name: string;
  group: boolean;
  members: AddressSpec[];
  /** Group exclusions (FortiOS `exclude-member`). */
  exclude?: AddressSpec[];
  source?: SourceRef;
}

export interface ServiceObject {
  name: string;
  group: boolean;
  members: ServiceSpec[];
  source?: SourceRef;
}

export interface Zone {
  name: string;
  interfaces: string[];
  /** Traffic between interfaces of the same zone when no rule says otherwise. */
  intrazone?: 'allow' | 'deny';
  source?: SourceRef;
}

export interface Interface {
  name: string;
  zone?: string;
  addresses?: string[];
  source?: SourceRef;
}

export interface Unsupported {
  file: string;
  line: number;
  text: string;
  reason: string;
}

export interface ParseError {
  file: string;
  line: number;
  message: string;
}

export interface ParseWarning {
  file: string;
  line: number;
  message: string;
  /** 'undefined-ref' warnings name the missing object. */
  code?: 'undefined-ref' | 'cycle' | 'empty-group' | 'invalid-value' | 'ignored' | 'limitation';
  ref?: string;
}

export interface FirewallRuleset {
  vendor: Vendor;
  files: string[];
  hostname?: string;
  /** Address families the device filters (iptables: v4); absent = both. The checker's address universe. */
  families?: ('v4' | 'v6')[];
  addresses: AddressObject[];
  services: ServiceObject[];
  zones: Zone[];
  interfaces: Interface[];
  chains: Chain[];
  pipelines: Pipeline[];
  /** Destination-NAT rules: a flow they match is decided on translated addresses → "possibly". */
  nat: FirewallRule[];
  unsupported: Unsupported[];
  errors: ParseError[];
  warnings: ParseWarning[];
  /** False whenever anything was unsupported or an error occurred: a partial parse is never complete. */
  complete: boolean;
}

export function emptyRuleset(vendor: Vendor, file: string): FirewallRuleset {
  return {
    vendor,
    files: [file],
    addresses: [],
    services: [],
    zones: [],
    interfaces: [],
    chains: [],
    pipelines: [],
    nat: [],
    unsupported: [],
    errors: [],
    warnings: [],
    complete: false,
  };
}

/** Sets `complete` from the lists; call last. */
export function finishRuleset(r: FirewallRuleset): FirewallRuleset {
  r.complete = r.errors.length === 0 && r.unsupported.length === 0;
  return r;
}

export function newRule(id: string, source: SourceRef, over: Partial<FirewallRule> = {}): FirewallRule {
  return {
    id,
    enabled: true,
    action: 'accept',
    srcZones: 'any',
    dstZones: 'any',
    src: [{ kind: 'any' }],
    srcNegate: false,
    dst: [{ kind: 'any' }],
    dstNegate: false,
    services: [{ kind: 'any' }],
    serviceNegate: false,
    state: 'any',
    possibly: [],
    source,
    ...over,
  };
}

export const PROTOCOL_NUMBERS: Record<string, number> = {
  icmp: 1,
  igmp: 2,
  ipip: 4,
  tcp: 6,
  egp: 8,
  udp: 17,
  ipv6: 41,
  gre: 47,
  esp: 50,
  ah: 51,
  icmpv6: 58,
  'ipv6-icmp': 58,
  icmp6: 58,
  ospf: 89,
  ospfigp: 89,
  pim: 103,
  vrrp: 112,
  l2tp: 115,
  sctp: 132,
  udplite: 136,
};

/** Protocols whose port dimension is meaningful (ICMP's carries the type). */
export const PORT_PROTOCOLS = new Set([6, 17, 132, 136]);
