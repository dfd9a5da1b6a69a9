/**
 * Published signed-note, checkpoint and cosignature vectors, copied verbatim from their
 * sources (each group names its repository, path and the commit read).
 */

/**
 * github.com/golang/mod, sumdb/note/note_test.go (commit fe2ec04f7c3c3aa6fad97631aafcff6e49e2d1db):
 * TestSign, TestOpen, TestNewVerifier. BSD-3-Clause, Copyright The Go Authors.
 */
export const GO_NOTE = {
  peterVerifierKey: 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW',
  peterSignerKey: 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz',
  enochVerifierKey: 'EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop',
  text: "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n",
  peterSig: '\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n',
  enochSig: '\u2014 EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n',
  /** TestNewVerifier: a wrong-length key with adjusted key hash, and an unknown algorithm with adjusted key hash. */
  badVerifierKeys: [
    'PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY==',
    'PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW',
  ],
} as const;

/** github.com/C2SP/C2SP, signed-note.md "Example" (commit 5ba5ee830903e91240fc6f9f3a7a9293d49e69c9). */
export const C2SP_SIGNED_NOTE_EXAMPLE = {
  verifierKey: 'example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k',
  note: 'This is an example message.\n\n\u2014 example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n',
} as const;

/**
 * A real checkpoint of the Go checksum database (sum.golang.org), from
 * github.com/transparency-dev/formats, log/note_test.go TestSumDBNoteParsing
 * (commit 0b850f1a7b4a5b70deeacac6535e4b8023809d21). Apache-2.0, Copyright Google LLC.
 */
export const SUMDB_CHECKPOINT = {
  verifierKey: 'sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8',
  origin: 'go.sum database tree',
  treeSize: 6476701,
  rootHash: 'mb8QLQIs0Z0yP5Cstq6guj87oXWeC9gEM8oVikmm9Wk=',
  note: 'go.sum database tree\n6476701\nmb8QLQIs0Z0yP5Cstq6guj87oXWeC9gEM8oVikmm9Wk=\n\n\u2014 sum.golang.org Az3grsLX85Gz+s1SiTbgkuqxgItqFq7gsMUEyVnrsa9LM7Us9S+1xbFIGu95949rj4nPRYfvimWEPWL+o3GeoWwOoAw=\n',
} as const;

/**
 * github.com/transparency-dev/formats, note/note_cosigv1_test.go (same commit):
 * TestCoSigV1NewVerifier (an Ed25519 vkey, and a native cosignature/v1 vkey of type 0x04)
 * and TestCoSigV1Timestamp (a cosignature/v1 signature and its time).
 */
export const FORMATS_COSIGNATURE = {
  ed25519VerifierKey: 'TEST+7997405c+AQcC+FTVKf0jlTdHDY3rbevmnKxxPjigCXlVtGe6RIr6',
  cosignatureVerifierKey: 'remora.n621.de+da77ade7+BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2',
  timestampedSignature: 'ZGhGuQAAAABm/qTPeyKXD+R2rzyQsxPiP8mXum7qq/iF0u4vanlqJyocWODBt97w9uL+8qT7S5gxEHWWOworDcFiEBYJXORmnFBOBA==',
  timestamp: 1727964367,
} as const;

/**
 * A real witnessed checkpoint: github.com/transparency-dev/witness, README.md (commit
 * 54dbcdd14f829a301b24b59f7c547c7dceebafa8): the Pixel binary transparency log's checkpoint
 * (ECDSA log signature) cosigned by two Armored Witnesses with cosignature/v1. Their vkeys:
 * github.com/transparency-dev/distributor, config/witnesses-prod.yaml (commit
 * c3e02e9fe42a99af5f6204260e9b7fe48bd1fa29). Apache-2.0, Copyright Google LLC.
 */
export const ARMORED_WITNESS = {
  note:
    'developers.google.com/android/binary_transparency/0\n611\n2GZ1zmS5VkfUZmn2ZyR4KZXwHLD+xnwBIWzql/cD50w=\n\n' +
    '\u2014 pixel_transparency_log csh42zBFAiAd3Y1FwqNTt5RglY0uG7heC6Yu1gEbXXPYmZ7LdOILMAIhAIt68PnR/3TADAaC7hvrSHbpziV7TmpIwOUydLmcjyTQ\n' +
    '\u2014 ArmoredWitness-small-breeze nRq5UQAAAABnoqrsRIofXn68vTohcAm2KG4ACGyRPNePUk02BSWD0WKV5ElejTk5Z+Tm3GmJ5j/etA+fkL9XuaQsnTyZbr437sF4AQ==\n' +
    '\u2014 ArmoredWitness-autumn-wood qZb5XQAAAABnoqrl57G9CblEl3lwwuqzbaJvVMqNiZCbYZseYT1YZHYmls3CmT1wxZ1fNgM4RxHuUxjAwcI2ghTx6R5aCg+L0DGPBA==\n',
  smallBreezeVerifierKey: 'ArmoredWitness-small-breeze+7b3ada3a+AQAWYpUjfGGPQiWOgt6sLWap0P9rVOe+Ofu2uNZbO4FD',
  autumnWoodVerifierKey: 'ArmoredWitness-autumn-wood+863571a5+AesIVCbad7gbU07JnA6YfZD0qg4B1c8xF4ISdnt9vjip',
  /** Other Armored Witnesses of the same list, which did not cosign this checkpoint. */
  otherVerifierKey: 'ArmoredWitness-dry-sunset+ae83a8fa+AQPzi+erfxCBvjk6nmndWU2aGEoO7zawoatven8Fvv/D',
} as const;

/**
 * github.com/transparency-dev/witness, witness/witness_test.go (commit
 * 54dbcdd14f829a301b24b59f7c547c7dceebafa8): a log "monkeys" with its keys, its signed
 * checkpoints at sizes 5 and 8 and the consistency proof between them, and a witness key.
 */
export const WITNESS_TEST_LOG = {
  logVerifierKey: 'monkeys+db4d9f7e+AULaJMvTtDLHPUcUrjdDad9vDlh/PTfC2VV60JUtCfWT',
  logSignerKey: 'PRIVATE+KEY+monkeys+db4d9f7e+ATWIAF3yVBG+Hv1rZFQoNt/BaURkLPtOFMAM2HrEeIr6',
  otherLogVerifierKey: 'bananas+cf639f13+AaPjhFnPCQnid/Ql32KWhmh+uk72FVRfK+2DLmO3BI3M',
  witnessVerifierKey: 'witness+f13a86db+AdYV1Ztajd9BvyjP2HgpwrqYL6TjOwIjGMOq8Bu42xbN',
  witnessSignerKey: 'PRIVATE+KEY+witness+f13a86db+AaLa/dfyBhyo/m0Z7WCi98ENVZWtrP8pxgRNrx7tIWiA',
  initial: 'monkeys\n5\n41smjBUiAU70EtKlT6lIOIYtRTYxYXsDB+XHfcvu/BE=\n\n\u2014 monkeys 202fftzGl3LVoqjXfwCFZZXs8I+5G22+Ek2K0AOyBuSJ/8/CZawNF+6fNlTKOCd622pbzJNkkJFWuw9DbicZCkEx9AY=\n',
  next: 'monkeys\n8\nV8K9aklZ4EPB+RMOk1/8VsJUdFZR77GDtZUQq84vSbo=\n\n\u2014 monkeys 202ffoUEboiQYpHzICeaFmoy3RNviHTpAxYrq/eO4QQVQMvu9UebKBMX2MJC76NLthZaKsnKbCA8GxrjePZhvDCH7Ag=\n',
  consistencyProof: [
    'b9e1d62618f7fee8034e4c5010f727ab24d8e4705cb296c374bf2025a87a10d2',
    'aac66cd7a79ce4012d80762fe8eec3a77f22d1ca4145c3f4cee022e7efcd599d',
    '89d0f753f66a290c483b39cd5e9eafb12021293395fad3d4a2ad053cfbcfdc9e',
    '29e40bb79c966f4c6fe96aff6f30acfce5f3e8d84c02215175d6e018a5dee833',
  ],
} as const;
