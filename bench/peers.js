// The peers of ./x bench, bundled by esbuild (bench/node_modules) into one script that the
// bench puts into the certlens page: window.certlensPeers.{peculiar,pkijs}(pemText) parse
// every certificate of a PEM bundle and read subject, issuer, validity, SAN, EKU, CDP and
// AIA, as certlens shows them; each returns the number of certificates read.
// @peculiar/x509 (through tsyringe) needs the Reflect metadata API.
import 'reflect-metadata';
import * as peculiar from '@peculiar/x509';
import * as pkijs from 'pkijs';
import * as asn1js from 'asn1js';

function pemBlocks(text) {
  const out = [];
  const re = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g;
  for (const m of text.matchAll(re)) {
    const bin = atob(m[1].replace(/\s+/g, ''));
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    out.push(bytes);
  }
  return out;
}

function peculiarParse(text) {
  let n = 0;
  const sink = [];
  for (const der of pemBlocks(text)) {
    const c = new peculiar.X509Certificate(der);
    const san = c.getExtension(peculiar.SubjectAlternativeNameExtension);
    const eku = c.getExtension(peculiar.ExtendedKeyUsageExtension);
    const cdp = c.getExtension(peculiar.CRLDistributionPointsExtension);
    const aia = c.getExtension(peculiar.AuthorityInfoAccessExtension);
    sink.push([c.subject, c.issuer, c.notBefore, c.notAfter, san?.names.toJSON(), eku?.usages,
      cdp?.distributionPoints?.length, aia?.ocsp?.length, aia?.caIssuers?.length]);
    n++;
  }
  return n;
}

function pkijsParse(text) {
  let n = 0;
  const sink = [];
  const names = (rdn) => rdn.typesAndValues.map((tv) => `${tv.type}=${tv.value.valueBlock.value}`).join(', ');
  for (const der of pemBlocks(text)) {
    const c = pkijs.Certificate.fromBER(der);
    const ext = {};
    for (const e of c.extensions ?? []) ext[e.extnID] = e.parsedValue;
    sink.push([names(c.subject), names(c.issuer), c.notBefore.value, c.notAfter.value,
      ext['2.5.29.17']?.altNames?.map((a) => a.value), ext['2.5.29.37']?.keyPurposes,
      ext['2.5.29.31']?.distributionPoints?.length, ext['1.3.6.1.5.5.7.1.1']?.accessDescriptions?.length]);
    n++;
  }
  return n;
}

globalThis.certlensPeers = { peculiar: peculiarParse, pkijs: pkijsParse, asn1js };
