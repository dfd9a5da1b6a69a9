/**
 * Inclusion and consistency proof vectors of the Go transparency-log Merkle library.
 *
 * Source: github.com/transparency-dev/merkle, directory testdata/inclusion and
 * testdata/consistency (one JSON file per vector; `file` names it), commit 417fb0c314750d94e53942e9f92e79b6d35915db.
 * Hashes are base64; `wantErr` tells whether verification must fail. The tree is the
 * 8-leaf reference tree of testonly/constants.go (see REFERENCE_TREE below).
 * Copied verbatim (Apache-2.0, Copyright Google LLC), not edited.
 */

export interface InclusionVector {
  file: string;
  leafIdx: number;
  treeSize: number;
  root: string | null;
  leafHash: string | null;
  proof: string[] | null;
  desc: string;
  wantErr: boolean;
}

export interface ConsistencyVector {
  file: string;
  size1: number;
  size2: number;
  root1: string | null;
  root2: string | null;
  proof: string[] | null;
  desc: string;
  wantErr: boolean;
}

/**
 * github.com/transparency-dev/merkle testonly/constants.go (same commit): the RFC 6962
 * reference leaves (hex), the hashes of every complete subtree by level, and the root of
 * every tree size 0..8. Also rfc6962/rfc6962_test.go: leaf "L123456" and node ("N123", "N456").
 */
export const REFERENCE_TREE = {
  leaves: ["", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"],
  nodeHashes: [
    ["6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d", "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7", "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7", "07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7", "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b", "4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658", "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f", "46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1"],
    ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125", "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a", "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0"],
    ["d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7", "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"],
    ["5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"],
  ],
  roots: [
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
  ],
  hasher: {
    emptyRoot: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    emptyLeaf: "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    leafL123456: "395aa064aa4c29f7010acfe3f25db9485bbd4b91897b6ad7ad547639252b4d56",
    nodeN123N456: "aa217fe888e47007fa15edab33c2b492a722cb106c64667fc2b044444de66bbb",
  },
} as const;

export const INCLUSION_VECTORS: InclusionVector[] = [
 {
  "file": "inclusion/0/empty-root.json",
  "leafIdx": 0,
  "treeSize": 1,
  "root": "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=",
  "leafHash": "bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=",
  "proof": null,
  "desc": "empty root",
  "wantErr": true
 },
 {
  "file": "inclusion/0/happy-path.json",
  "leafIdx": 0,
  "treeSize": 1,
  "root": "bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=",
  "leafHash": "bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=",
  "proof": null,
  "desc": "happy path",
  "wantErr": false
 },
 {
  "file": "inclusion/0/leafIdx-XOR-@2.json",
  "leafIdx": 2,
  "treeSize": 1,
  "root": "bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=",
  "leafHash": "bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=",
  "proof": null,
  "desc": "leafIdx XOR @2",
  "wantErr": true
 },
 {
  "file": "inclusion/0/leafIdx-plus-@1.json",
  "leafIdx": 1,
  "treeSize": 1,
  "root": "bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=",
  "leafHash": "bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=",
  "proof": null,
  "desc": "leafIdx plus @1",
  "wantErr": true
 },
 {
  "file": "inclusion/0/leafIdx-sub-@1.json",
  "leafIdx": 18446744073709552000,
  "treeSize": 1,
  "root": "bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=",
  "leafHash": "bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=",
  "proof": null,
  "desc": "leafIdx sub @1",
  "wantErr": true
 },
 {
  "file": "inclusion/0/preceding-garbage.json",
  "leafIdx": 0,
  "treeSize": 1,
  "root": "bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=",
  "leafHash": "bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=",
  "proof": [
   ""
  ],
  "desc": "preceding garbage",
  "wantErr": true
 },
 {
  "file": "inclusion/0/preceding-root.json",
  "leafIdx": 0,
  "treeSize": 1,
  "root": "bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=",
  "leafHash": "bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=",
  "proof": [
   "bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0="
  ],
  "desc": "preceding root",
  "wantErr": true
 },
 {
  "file": "inclusion/0/random-root.json",
  "leafIdx": 0,
  "treeSize": 1,
  "root": "q6yroAAAAAAAAAAAAAAAAAAAAAAAAAAAAGAGHgASNFY=",
  "leafHash": "bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=",
  "proof": null,
  "desc": "random root",
  "wantErr": true
 },
 {
  "file": "inclusion/0/trailing-garbage.json",
  "leafIdx": 0,
  "treeSize": 1,
  "root": "bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=",
  "leafHash": "bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=",
  "proof": [
   ""
  ],
  "desc": "trailing garbage",
  "wantErr": true
 },
 {
  "file": "inclusion/0/trailing-root.json",
  "leafIdx": 0,
  "treeSize": 1,
  "root": "bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=",
  "leafHash": "bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=",
  "proof": [
   "bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0="
  ],
  "desc": "trailing root",
  "wantErr": true
 },
 {
  "file": "inclusion/0/treeSize-div-@2.json",
  "leafIdx": 0,
  "treeSize": 0,
  "root": "bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=",
  "leafHash": "bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=",
  "proof": null,
  "desc": "treeSize div @2",
  "wantErr": true
 },
 {
  "file": "inclusion/0/treeSize-mul-@2.json",
  "leafIdx": 0,
  "treeSize": 2,
  "root": "bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=",
  "leafHash": "bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=",
  "proof": null,
  "desc": "treeSize mul @2",
  "wantErr": true
 },
 {
  "file": "inclusion/0/wrong-leaf.json",
  "leafIdx": 0,
  "treeSize": 1,
  "root": "bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=",
  "leafHash": "V3JvbmdMZWFm",
  "proof": null,
  "desc": "wrong leaf",
  "wantErr": true
 },
 {
  "file": "inclusion/1/empty-root.json",
  "leafIdx": 0,
  "treeSize": 8,
  "root": "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=",
  "leafHash": "bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=",
  "proof": [
   "lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c=",
   "Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=",
   "a0eq8p7jwq+a+Im8H7klTavTEXfxYjLdaqsDXKOb9uQ="
  ],
  "desc": "empty root",
  "wantErr": true
 },
 {
  "file": "inclusion/1/happy-path.json",
  "leafIdx": 0,
  "treeSize": 8,
  "root": "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=",
  "leafHash": "bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=",
  "proof": [
   "lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c=",
   "Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=",
   "a0eq8p7jwq+a+Im8H7klTavTEXfxYjLdaqsDXKOb9uQ="
  ],
  "desc": "happy path",
  "wantErr": false
 },
 {
  "file": "inclusion/1/inserted-component.json",
  "leafIdx": 0,
  "treeSize": 8,
  "root": "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=",
  "leafHash": "bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=",
  "proof": [
   "lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c=",
   "q6yroAAAAAAAAAAAAAAAAAAAAAAAAAAAAGAGHgASNFY=",
   "Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=",
   "a0eq8p7jwq+a+Im8H7klTavTEXfxYjLdaqsDXKOb9uQ="
  ],
  "desc": "inserted component",
  "wantErr": true
 },
 {
  "file": "inclusion/1/leafIdx-XOR-@2.json",
  "leafIdx": 2,
  "treeSize": 8,
  "root": "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=",
  "leafHash": "bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=",
  "proof": [
   "lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c=",
   "Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=",
   "a0eq8p7jwq+a+Im8H7klTavTEXfxYjLdaqsDXKOb9uQ="
  ],
  "desc": "leafIdx XOR @2",
  "wantErr": true
 },
 {
  "file": "inclusion/1/leafIdx-plus-@1.json",
  "leafIdx": 1,
  "treeSize": 8,
  "root": "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=",
  "leafHash": "bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=",
  "proof": [
   "lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c=",
   "Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=",
   "a0eq8p7jwq+a+Im8H7klTavTEXfxYjLdaqsDXKOb9uQ="
  ],
  "desc": "leafIdx plus @1",
  "wantErr": true
 },
 {
  "file": "inclusion/1/leafIdx-sub-@1.json",
  "leafIdx": 18446744073709552000,
  "treeSize": 8,
  "root": "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=",
  "leafHash": "bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=",
  "proof": [
   "lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c=",
   "Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=",
   "a0eq8p7jwq+a+Im8H7klTavTEXfxYjLdaqsDXKOb9uQ="
  ],
  "desc": "leafIdx sub @1",
  "wantErr": true
 },
 {
  "file": "inclusion/1/modified-proof[0]-bit-@3.json",
  "leafIdx": 0,
  "treeSize": 8,
  "root": "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=",
  "leafHash": "bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=",
  "proof": [
   "nqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c=",
   "Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=",
   "a0eq8p7jwq+a+Im8H7klTavTEXfxYjLdaqsDXKOb9uQ="
  ],
  "desc": "modified proof[0] bit @3",
  "wantErr": true
 },
 {
  "file": "inclusion/1/modified-proof[1]-bit-@3.json",
  "leafIdx": 0,
  "treeSize": 8,
  "root": "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=",
  "leafHash": "bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=",
  "proof": [
   "lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c=",
   "Vwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=",
   "a0eq8p7jwq+a+Im8H7klTavTEXfxYjLdaqsDXKOb9uQ="
  ],
  "desc": "modified proof[1] bit @3",
  "wantErr": true
 },
 {
  "file": "inclusion/1/modified-proof[2]-bit-@3.json",
  "leafIdx": 0,
  "treeSize": 8,
  "root": "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=",
  "leafHash": "bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=",
  "proof": [
   "lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c=",
   "Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=",
   "Y0eq8p7jwq+a+Im8H7klTavTEXfxYjLdaqsDXKOb9uQ="
  ],
  "desc": "modified proof[2] bit @3",
  "wantErr": true
 },
 {
  "file": "inclusion/1/preceding-garbage.json",
  "leafIdx": 0,
  "treeSize": 8,
  "root": "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=",
  "leafHash": "bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=",
  "proof": [
   "",
   "lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c=",
   "Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=",
   "a0eq8p7jwq+a+Im8H7klTavTEXfxYjLdaqsDXKOb9uQ="
  ],
  "desc": "preceding garbage",
  "wantErr": true
 },
 {
  "file": "inclusion/1/preceding-root.json",
  "leafIdx": 0,
  "treeSize": 8,
  "root": "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=",
  "leafHash": "bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=",
  "proof": [
   "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=",
   "lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c=",
   "Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=",
   "a0eq8p7jwq+a+Im8H7klTavTEXfxYjLdaqsDXKOb9uQ="
  ],
  "desc": "preceding root",
  "wantErr": true
 },
 {
  "file": "inclusion/1/random-root.json",
  "leafIdx": 0,
  "treeSize": 8,
  "root": "q6yroAAAAAAAAAAAAAAAAAAAAAAAAAAAAGAGHgASNFY=",
  "leafHash": "bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=",
  "proof": [
   "lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c=",
   "Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=",
   "a0eq8p7jwq+a+Im8H7klTavTEXfxYjLdaqsDXKOb9uQ="
  ],
  "desc": "random root",
  "wantErr": true
 },
 {
  "file": "inclusion/1/removed-component.json",
  "leafIdx": 0,
  "treeSize": 8,
  "root": "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=",
  "leafHash": "bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=",
  "proof": [
   "lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c=",
   "Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4="
  ],
  "desc": "removed component",
  "wantErr": true
 },
 {
  "file": "inclusion/1/trailing-garbage.json",
  "leafIdx": 0,
  "treeSize": 8,
  "root": "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=",
  "leafHash": "bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=",
  "proof": [
   "lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c=",
   "Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=",
   "a0eq8p7jwq+a+Im8H7klTavTEXfxYjLdaqsDXKOb9uQ=",
   ""
  ],
  "desc": "trailing garbage",
  "wantErr": true
 },
 {
  "file": "inclusion/1/trailing-root.json",
  "leafIdx": 0,
  "treeSize": 8,
  "root": "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=",
  "leafHash": "bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=",
  "proof": [
   "lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c=",
   "Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=",
   "a0eq8p7jwq+a+Im8H7klTavTEXfxYjLdaqsDXKOb9uQ=",
   "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg="
  ],
  "desc": "trailing root",
  "wantErr": true
 },
 {
  "file": "inclusion/1/treeSize-div-@2.json",
  "leafIdx": 0,
  "treeSize": 4,
  "root": "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=",
  "leafHash": "bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=",
  "proof": [
   "lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c=",
   "Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=",
   "a0eq8p7jwq+a+Im8H7klTavTEXfxYjLdaqsDXKOb9uQ="
  ],
  "desc": "treeSize div @2",
  "wantErr": true
 },
 {
  "file": "inclusion/1/treeSize-mul-@2.json",
  "leafIdx": 0,
  "treeSize": 16,
  "root": "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=",
  "leafHash": "bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=",
  "proof": [
   "lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c=",
   "Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=",
   "a0eq8p7jwq+a+Im8H7klTavTEXfxYjLdaqsDXKOb9uQ="
  ],
  "desc": "treeSize mul @2",
  "wantErr": true
 },
 {
  "file": "inclusion/1/wrong-leaf.json",
  "leafIdx": 0,
  "treeSize": 8,
  "root": "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=",
  "leafHash": "V3JvbmdMZWFm",
  "proof": [
   "lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c=",
   "Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=",
   "a0eq8p7jwq+a+Im8H7klTavTEXfxYjLdaqsDXKOb9uQ="
  ],
  "desc": "wrong leaf",
  "wantErr": true
 },
 {
  "file": "inclusion/2/empty-root.json",
  "leafIdx": 5,
  "treeSize": 8,
  "root": "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=",
  "leafHash": "QnGia+DYqE8L1UyMMC58s6O10fpngKQLzOKHNHfatlg=",
  "proof": [
   "vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms=",
   "yoVOoSjtBQtBs1/8G4e46yveRh6eO1WW7Oa51ZdaCuA=",
   "037kGJdt2VdTwcc4Yrk5j6Kiz5tP8P3+izDNlSCWFLc="
  ],
  "desc": "empty root",
  "wantErr": true
 },
 {
  "file": "inclusion/2/happy-path.json",
  "leafIdx": 5,
  "treeSize": 8,
  "root": "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=",
  "leafHash": "QnGia+DYqE8L1UyMMC58s6O10fpngKQLzOKHNHfatlg=",
  "proof": [
   "vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms=",
   "yoVOoSjtBQtBs1/8G4e46yveRh6eO1WW7Oa51ZdaCuA=",
   "037kGJdt2VdTwcc4Yrk5j6Kiz5tP8P3+izDNlSCWFLc="
  ],
  "desc": "happy path",
  "wantErr": false
 },
 {
  "file": "inclusion/2/inserted-component.json",
  "leafIdx": 5,
  "treeSize": 8,
  "root": "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=",
  "leafHash": "QnGia+DYqE8L1UyMMC58s6O10fpngKQLzOKHNHfatlg=",
  "proof": [
   "vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms=",
   "q6yroAAAAAAAAAAAAAAAAAAAAAAAAAAAAGAGHgASNFY=",
   "yoVOoSjtBQtBs1/8G4e46yveRh6eO1WW7Oa51ZdaCuA=",
   "037kGJdt2VdTwcc4Yrk5j6Kiz5tP8P3+izDNlSCWFLc="
  ],
  "desc": "inserted component",
  "wantErr": true
 },
 {
  "file": "inclusion/2/leafIdx-XOR-@2.json",
  "leafIdx": 7,
  "treeSize": 8,
  "root": "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=",
  "leafHash": "QnGia+DYqE8L1UyMMC58s6O10fpngKQLzOKHNHfatlg=",
  "proof": [
   "vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms=",
   "yoVOoSjtBQtBs1/8G4e46yveRh6eO1WW7Oa51ZdaCuA=",
   "037kGJdt2VdTwcc4Yrk5j6Kiz5tP8P3+izDNlSCWFLc="
  ],
  "desc": "leafIdx XOR @2",
  "wantErr": true
 },
 {
  "file": "inclusion/2/leafIdx-plus-@1.json",
  "leafIdx": 6,
  "treeSize": 8,
  "root": "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=",
  "leafHash": "QnGia+DYqE8L1UyMMC58s6O10fpngKQLzOKHNHfatlg=",
  "proof": [
   "vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms=",
   "yoVOoSjtBQtBs1/8G4e46yveRh6eO1WW7Oa51ZdaCuA=",
   "037kGJdt2VdTwcc4Yrk5j6Kiz5tP8P3+izDNlSCWFLc="
  ],
  "desc": "leafIdx plus @1",
  "wantErr": true
 },
 {
  "file": "inclusion/2/leafIdx-sub-@1.json",
  "leafIdx": 4,
  "treeSize": 8,
  "root": "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=",
  "leafHash": "QnGia+DYqE8L1UyMMC58s6O10fpngKQLzOKHNHfatlg=",
  "proof": [
   "vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms=",
   "yoVOoSjtBQtBs1/8G4e46yveRh6eO1WW7Oa51ZdaCuA=",
   "037kGJdt2VdTwcc4Yrk5j6Kiz5tP8P3+izDNlSCWFLc="
  ],
  "desc": "leafIdx sub @1",
  "wantErr": true
 },
 {
  "file": "inclusion/2/modified-proof[0]-bit-@3.json",
  "leafIdx": 5,
  "treeSize": 8,
  "root": "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=",
  "leafHash": "QnGia+DYqE8L1UyMMC58s6O10fpngKQLzOKHNHfatlg=",
  "proof": [
   "tBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms=",
   "yoVOoSjtBQtBs1/8G4e46yveRh6eO1WW7Oa51ZdaCuA=",
   "037kGJdt2VdTwcc4Yrk5j6Kiz5tP8P3+izDNlSCWFLc="
  ],
  "desc": "modified proof[0] bit @3",
  "wantErr": true
 },
 {
  "file": "inclusion/2/modified-proof[1]-bit-@3.json",
  "leafIdx": 5,
  "treeSize": 8,
  "root": "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=",
  "leafHash": "QnGia+DYqE8L1UyMMC58s6O10fpngKQLzOKHNHfatlg=",
  "proof": [
   "vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms=",
   "woVOoSjtBQtBs1/8G4e46yveRh6eO1WW7Oa51ZdaCuA=",
   "037kGJdt2VdTwcc4Yrk5j6Kiz5tP8P3+izDNlSCWFLc="
  ],
  "desc": "modified proof[1] bit @3",
  "wantErr": true
 },
 {
  "file": "inclusion/2/modified-proof[2]-bit-@3.json",
  "leafIdx": 5,
  "treeSize": 8,
  "root": "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=",
  "leafHash": "QnGia+DYqE8L1UyMMC58s6O10fpngKQLzOKHNHfatlg=",
  "proof": [
   "vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms=",
   "yoVOoSjtBQtBs1/8G4e46yveRh6eO1WW7Oa51ZdaCuA=",
   "237kGJdt2VdTwcc4Yrk5j6Kiz5tP8P3+izDNlSCWFLc="
  ],
  "desc": "modified proof[2] bit @3",
  "wantErr": true
 },
 {
  "file": "inclusion/2/preceding-garbage.json",
  "leafIdx": 5,
  "treeSize": 8,
  "root": "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=",
  "leafHash": "QnGia+DYqE8L1UyMMC58s6O10fpngKQLzOKHNHfatlg=",
  "proof": [
   "",
   "vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms=",
   "yoVOoSjtBQtBs1/8G4e46yveRh6eO1WW7Oa51ZdaCuA=",
   "037kGJdt2VdTwcc4Yrk5j6Kiz5tP8P3+izDNlSCWFLc="
  ],
  "desc": "preceding garbage",
  "wantErr": true
 },
 {
  "file": "inclusion/2/preceding-root.json",
  "leafIdx": 5,
  "treeSize": 8,
  "root": "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=",
  "leafHash": "QnGia+DYqE8L1UyMMC58s6O10fpngKQLzOKHNHfatlg=",
  "proof": [
   "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=",
   "vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms=",
   "yoVOoSjtBQtBs1/8G4e46yveRh6eO1WW7Oa51ZdaCuA=",
   "037kGJdt2VdTwcc4Yrk5j6Kiz5tP8P3+izDNlSCWFLc="
  ],
  "desc": "preceding root",
  "wantErr": true
 },
 {
  "file": "inclusion/2/random-root.json",
  "leafIdx": 5,
  "treeSize": 8,
  "root": "q6yroAAAAAAAAAAAAAAAAAAAAAAAAAAAAGAGHgASNFY=",
  "leafHash": "QnGia+DYqE8L1UyMMC58s6O10fpngKQLzOKHNHfatlg=",
  "proof": [
   "vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms=",
   "yoVOoSjtBQtBs1/8G4e46yveRh6eO1WW7Oa51ZdaCuA=",
   "037kGJdt2VdTwcc4Yrk5j6Kiz5tP8P3+izDNlSCWFLc="
  ],
  "desc": "random root",
  "wantErr": true
 },
 {
  "file": "inclusion/2/removed-component.json",
  "leafIdx": 5,
  "treeSize": 8,
  "root": "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=",
  "leafHash": "QnGia+DYqE8L1UyMMC58s6O10fpngKQLzOKHNHfatlg=",
  "proof": [
   "vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms=",
   "yoVOoSjtBQtBs1/8G4e46yveRh6eO1WW7Oa51ZdaCuA="
  ],
  "desc": "removed component",
  "wantErr": true
 },
 {
  "file": "inclusion/2/trailing-garbage.json",
  "leafIdx": 5,
  "treeSize": 8,
  "root": "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=",
  "leafHash": "QnGia+DYqE8L1UyMMC58s6O10fpngKQLzOKHNHfatlg=",
  "proof": [
   "vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms=",
   "yoVOoSjtBQtBs1/8G4e46yveRh6eO1WW7Oa51ZdaCuA=",
   "037kGJdt2VdTwcc4Yrk5j6Kiz5tP8P3+izDNlSCWFLc=",
   ""
  ],
  "desc": "trailing garbage",
  "wantErr": true
 },
 {
  "file": "inclusion/2/trailing-root.json",
  "leafIdx": 5,
  "treeSize": 8,
  "root": "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=",
  "leafHash": "QnGia+DYqE8L1UyMMC58s6O10fpngKQLzOKHNHfatlg=",
  "proof": [
   "vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms=",
   "yoVOoSjtBQtBs1/8G4e46yveRh6eO1WW7Oa51ZdaCuA=",
   "037kGJdt2VdTwcc4Yrk5j6Kiz5tP8P3+izDNlSCWFLc=",
   "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg="
  ],
  "desc": "trailing root",
  "wantErr": true
 },
 {
  "file": "inclusion/2/treeSize-div-@2.json",
  "leafIdx": 5,
  "treeSize": 4,
  "root": "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=",
  "leafHash": "QnGia+DYqE8L1UyMMC58s6O10fpngKQLzOKHNHfatlg=",
  "proof": [
   "vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms=",
   "yoVOoSjtBQtBs1/8G4e46yveRh6eO1WW7Oa51ZdaCuA=",
   "037kGJdt2VdTwcc4Yrk5j6Kiz5tP8P3+izDNlSCWFLc="
  ],
  "desc": "treeSize div @2",
  "wantErr": true
 },
 {
  "file": "inclusion/2/treeSize-mul-@2.json",
  "leafIdx": 5,
  "treeSize": 16,
  "root": "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=",
  "leafHash": "QnGia+DYqE8L1UyMMC58s6O10fpngKQLzOKHNHfatlg=",
  "proof": [
   "vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms=",
   "yoVOoSjtBQtBs1/8G4e46yveRh6eO1WW7Oa51ZdaCuA=",
   "037kGJdt2VdTwcc4Yrk5j6Kiz5tP8P3+izDNlSCWFLc="
  ],
  "desc": "treeSize mul @2",
  "wantErr": true
 },
 {
  "file": "inclusion/2/wrong-leaf.json",
  "leafIdx": 5,
  "treeSize": 8,
  "root": "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=",
  "leafHash": "V3JvbmdMZWFm",
  "proof": [
   "vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms=",
   "yoVOoSjtBQtBs1/8G4e46yveRh6eO1WW7Oa51ZdaCuA=",
   "037kGJdt2VdTwcc4Yrk5j6Kiz5tP8P3+izDNlSCWFLc="
  ],
  "desc": "wrong leaf",
  "wantErr": true
 },
 {
  "file": "inclusion/3/empty-root.json",
  "leafIdx": 2,
  "treeSize": 3,
  "root": "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=",
  "leafHash": "ApjRIpBtz8EIkstTpzmS/FufST6kybrbJ7eRtBJ6f+c=",
  "proof": [
   "+sVCA+fMaWzw38tCySodnbr3CtnmIfS9jZhmLwDjwSU="
  ],
  "desc": "empty root",
  "wantErr": true
 },
 {
  "file": "inclusion/3/happy-path.json",
  "leafIdx": 2,
  "treeSize": 3,
  "root": "rra8/idLcKFPsGel5VeCZNsPqbUa9eC6FZFY8yngbnc=",
  "leafHash": "ApjRIpBtz8EIkstTpzmS/FufST6kybrbJ7eRtBJ6f+c=",
  "proof": [
   "+sVCA+fMaWzw38tCySodnbr3CtnmIfS9jZhmLwDjwSU="
  ],
  "desc": "happy path",
  "wantErr": false
 },
 {
  "file": "inclusion/3/leafIdx-XOR-@2.json",
  "leafIdx": 0,
  "treeSize": 3,
  "root": "rra8/idLcKFPsGel5VeCZNsPqbUa9eC6FZFY8yngbnc=",
  "leafHash": "ApjRIpBtz8EIkstTpzmS/FufST6kybrbJ7eRtBJ6f+c=",
  "proof": [
   "+sVCA+fMaWzw38tCySodnbr3CtnmIfS9jZhmLwDjwSU="
  ],
  "desc": "leafIdx XOR @2",
  "wantErr": true
 },
 {
  "file": "inclusion/3/leafIdx-plus-@1.json",
  "leafIdx": 3,
  "treeSize": 3,
  "root": "rra8/idLcKFPsGel5VeCZNsPqbUa9eC6FZFY8yngbnc=",
  "leafHash": "ApjRIpBtz8EIkstTpzmS/FufST6kybrbJ7eRtBJ6f+c=",
  "proof": [
   "+sVCA+fMaWzw38tCySodnbr3CtnmIfS9jZhmLwDjwSU="
  ],
  "desc": "leafIdx plus @1",
  "wantErr": true
 },
 {
  "file": "inclusion/3/leafIdx-sub-@1.json",
  "leafIdx": 1,
  "treeSize": 3,
  "root": "rra8/idLcKFPsGel5VeCZNsPqbUa9eC6FZFY8yngbnc=",
  "leafHash": "ApjRIpBtz8EIkstTpzmS/FufST6kybrbJ7eRtBJ6f+c=",
  "proof": [
   "+sVCA+fMaWzw38tCySodnbr3CtnmIfS9jZhmLwDjwSU="
  ],
  "desc": "leafIdx sub @1",
  "wantErr": true
 },
 {
  "file": "inclusion/3/modified-proof[0]-bit-@3.json",
  "leafIdx": 2,
  "treeSize": 3,
  "root": "rra8/idLcKFPsGel5VeCZNsPqbUa9eC6FZFY8yngbnc=",
  "leafHash": "ApjRIpBtz8EIkstTpzmS/FufST6kybrbJ7eRtBJ6f+c=",
  "proof": [
   "8sVCA+fMaWzw38tCySodnbr3CtnmIfS9jZhmLwDjwSU="
  ],
  "desc": "modified proof[0] bit @3",
  "wantErr": true
 },
 {
  "file": "inclusion/3/preceding-garbage.json",
  "leafIdx": 2,
  "treeSize": 3,
  "root": "rra8/idLcKFPsGel5VeCZNsPqbUa9eC6FZFY8yngbnc=",
  "leafHash": "ApjRIpBtz8EIkstTpzmS/FufST6kybrbJ7eRtBJ6f+c=",
  "proof": [
   "",
   "+sVCA+fMaWzw38tCySodnbr3CtnmIfS9jZhmLwDjwSU="
  ],
  "desc": "preceding garbage",
  "wantErr": true
 },
 {
  "file": "inclusion/3/preceding-root.json",
  "leafIdx": 2,
  "treeSize": 3,
  "root": "rra8/idLcKFPsGel5VeCZNsPqbUa9eC6FZFY8yngbnc=",
  "leafHash": "ApjRIpBtz8EIkstTpzmS/FufST6kybrbJ7eRtBJ6f+c=",
  "proof": [
   "rra8/idLcKFPsGel5VeCZNsPqbUa9eC6FZFY8yngbnc=",
   "+sVCA+fMaWzw38tCySodnbr3CtnmIfS9jZhmLwDjwSU="
  ],
  "desc": "preceding root",
  "wantErr": true
 },
 {
  "file": "inclusion/3/random-root.json",
  "leafIdx": 2,
  "treeSize": 3,
  "root": "q6yroAAAAAAAAAAAAAAAAAAAAAAAAAAAAGAGHgASNFY=",
  "leafHash": "ApjRIpBtz8EIkstTpzmS/FufST6kybrbJ7eRtBJ6f+c=",
  "proof": [
   "+sVCA+fMaWzw38tCySodnbr3CtnmIfS9jZhmLwDjwSU="
  ],
  "desc": "random root",
  "wantErr": true
 },
 {
  "file": "inclusion/3/removed-component.json",
  "leafIdx": 2,
  "treeSize": 3,
  "root": "rra8/idLcKFPsGel5VeCZNsPqbUa9eC6FZFY8yngbnc=",
  "leafHash": "ApjRIpBtz8EIkstTpzmS/FufST6kybrbJ7eRtBJ6f+c=",
  "proof": [],
  "desc": "removed component",
  "wantErr": true
 },
 {
  "file": "inclusion/3/trailing-garbage.json",
  "leafIdx": 2,
  "treeSize": 3,
  "root": "rra8/idLcKFPsGel5VeCZNsPqbUa9eC6FZFY8yngbnc=",
  "leafHash": "ApjRIpBtz8EIkstTpzmS/FufST6kybrbJ7eRtBJ6f+c=",
  "proof": [
   "+sVCA+fMaWzw38tCySodnbr3CtnmIfS9jZhmLwDjwSU=",
   ""
  ],
  "desc": "trailing garbage",
  "wantErr": true
 },
 {
  "file": "inclusion/3/trailing-root.json",
  "leafIdx": 2,
  "treeSize": 3,
  "root": "rra8/idLcKFPsGel5VeCZNsPqbUa9eC6FZFY8yngbnc=",
  "leafHash": "ApjRIpBtz8EIkstTpzmS/FufST6kybrbJ7eRtBJ6f+c=",
  "proof": [
   "+sVCA+fMaWzw38tCySodnbr3CtnmIfS9jZhmLwDjwSU=",
   "rra8/idLcKFPsGel5VeCZNsPqbUa9eC6FZFY8yngbnc="
  ],
  "desc": "trailing root",
  "wantErr": true
 },
 {
  "file": "inclusion/3/treeSize-div-@2.json",
  "leafIdx": 2,
  "treeSize": 1,
  "root": "rra8/idLcKFPsGel5VeCZNsPqbUa9eC6FZFY8yngbnc=",
  "leafHash": "ApjRIpBtz8EIkstTpzmS/FufST6kybrbJ7eRtBJ6f+c=",
  "proof": [
   "+sVCA+fMaWzw38tCySodnbr3CtnmIfS9jZhmLwDjwSU="
  ],
  "desc": "treeSize div @2",
  "wantErr": true
 },
 {
  "file": "inclusion/3/treeSize-mul-@2.json",
  "leafIdx": 2,
  "treeSize": 6,
  "root": "rra8/idLcKFPsGel5VeCZNsPqbUa9eC6FZFY8yngbnc=",
  "leafHash": "ApjRIpBtz8EIkstTpzmS/FufST6kybrbJ7eRtBJ6f+c=",
  "proof": [
   "+sVCA+fMaWzw38tCySodnbr3CtnmIfS9jZhmLwDjwSU="
  ],
  "desc": "treeSize mul @2",
  "wantErr": true
 },
 {
  "file": "inclusion/3/wrong-leaf.json",
  "leafIdx": 2,
  "treeSize": 3,
  "root": "rra8/idLcKFPsGel5VeCZNsPqbUa9eC6FZFY8yngbnc=",
  "leafHash": "V3JvbmdMZWFm",
  "proof": [
   "+sVCA+fMaWzw38tCySodnbr3CtnmIfS9jZhmLwDjwSU="
  ],
  "desc": "wrong leaf",
  "wantErr": true
 },
 {
  "file": "inclusion/4/empty-root.json",
  "leafIdx": 1,
  "treeSize": 5,
  "root": "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=",
  "leafHash": "lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c=",
  "proof": [
   "bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=",
   "Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=",
   "vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms="
  ],
  "desc": "empty root",
  "wantErr": true
 },
 {
  "file": "inclusion/4/happy-path.json",
  "leafIdx": 1,
  "treeSize": 5,
  "root": "Tju7H3tHjc/nH7YxYxUZo7yhLJrvyhYSv85ME6hiZNQ=",
  "leafHash": "lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c=",
  "proof": [
   "bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=",
   "Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=",
   "vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms="
  ],
  "desc": "happy path",
  "wantErr": false
 },
 {
  "file": "inclusion/4/inserted-component.json",
  "leafIdx": 1,
  "treeSize": 5,
  "root": "Tju7H3tHjc/nH7YxYxUZo7yhLJrvyhYSv85ME6hiZNQ=",
  "leafHash": "lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c=",
  "proof": [
   "bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=",
   "q6yroAAAAAAAAAAAAAAAAAAAAAAAAAAAAGAGHgASNFY=",
   "Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=",
   "vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms="
  ],
  "desc": "inserted component",
  "wantErr": true
 },
 {
  "file": "inclusion/4/leafIdx-XOR-@2.json",
  "leafIdx": 3,
  "treeSize": 5,
  "root": "Tju7H3tHjc/nH7YxYxUZo7yhLJrvyhYSv85ME6hiZNQ=",
  "leafHash": "lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c=",
  "proof": [
   "bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=",
   "Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=",
   "vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms="
  ],
  "desc": "leafIdx XOR @2",
  "wantErr": true
 },
 {
  "file": "inclusion/4/leafIdx-plus-@1.json",
  "leafIdx": 2,
  "treeSize": 5,
  "root": "Tju7H3tHjc/nH7YxYxUZo7yhLJrvyhYSv85ME6hiZNQ=",
  "leafHash": "lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c=",
  "proof": [
   "bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=",
   "Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=",
   "vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms="
  ],
  "desc": "leafIdx plus @1",
  "wantErr": true
 },
 {
  "file": "inclusion/4/leafIdx-sub-@1.json",
  "leafIdx": 0,
  "treeSize": 5,
  "root": "Tju7H3tHjc/nH7YxYxUZo7yhLJrvyhYSv85ME6hiZNQ=",
  "leafHash": "lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c=",
  "proof": [
   "bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=",
   "Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=",
   "vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms="
  ],
  "desc": "leafIdx sub @1",
  "wantErr": true
 },
 {
  "file": "inclusion/4/modified-proof[0]-bit-@3.json",
  "leafIdx": 1,
  "treeSize": 5,
  "root": "Tju7H3tHjc/nH7YxYxUZo7yhLJrvyhYSv85ME6hiZNQ=",
  "leafHash": "lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c=",
  "proof": [
   "ZjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=",
   "Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=",
   "vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms="
  ],
  "desc": "modified proof[0] bit @3",
  "wantErr": true
 },
 {
  "file": "inclusion/4/modified-proof[1]-bit-@3.json",
  "leafIdx": 1,
  "treeSize": 5,
  "root": "Tju7H3tHjc/nH7YxYxUZo7yhLJrvyhYSv85ME6hiZNQ=",
  "leafHash": "lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c=",
  "proof": [
   "bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=",
   "Vwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=",
   "vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms="
  ],
  "desc": "modified proof[1] bit @3",
  "wantErr": true
 },
 {
  "file": "inclusion/4/modified-proof[2]-bit-@3.json",
  "leafIdx": 1,
  "treeSize": 5,
  "root": "Tju7H3tHjc/nH7YxYxUZo7yhLJrvyhYSv85ME6hiZNQ=",
  "leafHash": "lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c=",
  "proof": [
   "bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=",
   "Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=",
   "tBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms="
  ],
  "desc": "modified proof[2] bit @3",
  "wantErr": true
 },
 {
  "file": "inclusion/4/preceding-garbage.json",
  "leafIdx": 1,
  "treeSize": 5,
  "root": "Tju7H3tHjc/nH7YxYxUZo7yhLJrvyhYSv85ME6hiZNQ=",
  "leafHash": "lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c=",
  "proof": [
   "",
   "bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=",
   "Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=",
   "vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms="
  ],
  "desc": "preceding garbage",
  "wantErr": true
 },
 {
  "file": "inclusion/4/preceding-root.json",
  "leafIdx": 1,
  "treeSize": 5,
  "root": "Tju7H3tHjc/nH7YxYxUZo7yhLJrvyhYSv85ME6hiZNQ=",
  "leafHash": "lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c=",
  "proof": [
   "Tju7H3tHjc/nH7YxYxUZo7yhLJrvyhYSv85ME6hiZNQ=",
   "bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=",
   "Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=",
   "vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms="
  ],
  "desc": "preceding root",
  "wantErr": true
 },
 {
  "file": "inclusion/4/random-root.json",
  "leafIdx": 1,
  "treeSize": 5,
  "root": "q6yroAAAAAAAAAAAAAAAAAAAAAAAAAAAAGAGHgASNFY=",
  "leafHash": "lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c=",
  "proof": [
   "bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=",
   "Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=",
   "vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms="
  ],
  "desc": "random root",
  "wantErr": true
 },
 {
  "file": "inclusion/4/removed-component.json",
  "leafIdx": 1,
  "treeSize": 5,
  "root": "Tju7H3tHjc/nH7YxYxUZo7yhLJrvyhYSv85ME6hiZNQ=",
  "leafHash": "lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c=",
  "proof": [
   "bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=",
   "Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4="
  ],
  "desc": "removed component",
  "wantErr": true
 },
 {
  "file": "inclusion/4/trailing-garbage.json",
  "leafIdx": 1,
  "treeSize": 5,
  "root": "Tju7H3tHjc/nH7YxYxUZo7yhLJrvyhYSv85ME6hiZNQ=",
  "leafHash": "lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c=",
  "proof": [
   "bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=",
   "Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=",
   "vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms=",
   ""
  ],
  "desc": "trailing garbage",
  "wantErr": true
 },
 {
  "file": "inclusion/4/trailing-root.json",
  "leafIdx": 1,
  "treeSize": 5,
  "root": "Tju7H3tHjc/nH7YxYxUZo7yhLJrvyhYSv85ME6hiZNQ=",
  "leafHash": "lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c=",
  "proof": [
   "bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=",
   "Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=",
   "vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms=",
   "Tju7H3tHjc/nH7YxYxUZo7yhLJrvyhYSv85ME6hiZNQ="
  ],
  "desc": "trailing root",
  "wantErr": true
 },
 {
  "file": "inclusion/4/treeSize-div-@2.json",
  "leafIdx": 1,
  "treeSize": 2,
  "root": "Tju7H3tHjc/nH7YxYxUZo7yhLJrvyhYSv85ME6hiZNQ=",
  "leafHash": "lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c=",
  "proof": [
   "bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=",
   "Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=",
   "vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms="
  ],
  "desc": "treeSize div @2",
  "wantErr": true
 },
 {
  "file": "inclusion/4/treeSize-mul-@2.json",
  "leafIdx": 1,
  "treeSize": 10,
  "root": "Tju7H3tHjc/nH7YxYxUZo7yhLJrvyhYSv85ME6hiZNQ=",
  "leafHash": "lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c=",
  "proof": [
   "bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=",
   "Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=",
   "vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms="
  ],
  "desc": "treeSize mul @2",
  "wantErr": true
 },
 {
  "file": "inclusion/4/wrong-leaf.json",
  "leafIdx": 1,
  "treeSize": 5,
  "root": "Tju7H3tHjc/nH7YxYxUZo7yhLJrvyhYSv85ME6hiZNQ=",
  "leafHash": "V3JvbmdMZWFm",
  "proof": [
   "bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=",
   "Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=",
   "vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms="
  ],
  "desc": "wrong leaf",
  "wantErr": true
 },
 {
  "file": "inclusion/additional/0/empty-root-and-random-leaf.json",
  "leafIdx": 0,
  "treeSize": 0,
  "root": "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=",
  "leafHash": "q6yroAAAAAAAAAAAAAAAAAAAAAAAAAAAAGAGHgASNFY=",
  "proof": [],
  "desc": "empty root and random leaf",
  "wantErr": true
 },
 {
  "file": "inclusion/additional/0/empty-root.json",
  "leafIdx": 0,
  "treeSize": 0,
  "root": "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=",
  "leafHash": "",
  "proof": [],
  "desc": "empty root",
  "wantErr": true
 },
 {
  "file": "inclusion/additional/0/random-leaf.json",
  "leafIdx": 0,
  "treeSize": 0,
  "root": "",
  "leafHash": "q6yroAAAAAAAAAAAAAAAAAAAAAAAAAAAAGAGHgASNFY=",
  "proof": [],
  "desc": "random leaf",
  "wantErr": true
 },
 {
  "file": "inclusion/additional/1/empty-root-and-random-leaf.json",
  "leafIdx": 0,
  "treeSize": 1,
  "root": "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=",
  "leafHash": "q6yroAAAAAAAAAAAAAAAAAAAAAAAAAAAAGAGHgASNFY=",
  "proof": [],
  "desc": "empty root and random leaf",
  "wantErr": true
 },
 {
  "file": "inclusion/additional/1/empty-root.json",
  "leafIdx": 0,
  "treeSize": 1,
  "root": "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=",
  "leafHash": "",
  "proof": [],
  "desc": "empty root",
  "wantErr": true
 },
 {
  "file": "inclusion/additional/1/random-leaf.json",
  "leafIdx": 0,
  "treeSize": 1,
  "root": "",
  "leafHash": "q6yroAAAAAAAAAAAAAAAAAAAAAAAAAAAAGAGHgASNFY=",
  "proof": [],
  "desc": "random leaf",
  "wantErr": true
 },
 {
  "file": "inclusion/additional/2/empty-root-and-random-leaf.json",
  "leafIdx": 1,
  "treeSize": 0,
  "root": "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=",
  "leafHash": "q6yroAAAAAAAAAAAAAAAAAAAAAAAAAAAAGAGHgASNFY=",
  "proof": [],
  "desc": "empty root and random leaf",
  "wantErr": true
 },
 {
  "file": "inclusion/additional/2/empty-root.json",
  "leafIdx": 1,
  "treeSize": 0,
  "root": "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=",
  "leafHash": "",
  "proof": [],
  "desc": "empty root",
  "wantErr": true
 },
 {
  "file": "inclusion/additional/2/random-leaf.json",
  "leafIdx": 1,
  "treeSize": 0,
  "root": "",
  "leafHash": "q6yroAAAAAAAAAAAAAAAAAAAAAAAAAAAAGAGHgASNFY=",
  "proof": [],
  "desc": "random leaf",
  "wantErr": true
 },
 {
  "file": "inclusion/additional/3/empty-root-and-random-leaf.json",
  "leafIdx": 2,
  "treeSize": 1,
  "root": "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=",
  "leafHash": "q6yroAAAAAAAAAAAAAAAAAAAAAAAAAAAAGAGHgASNFY=",
  "proof": [],
  "desc": "empty root and random leaf",
  "wantErr": true
 },
 {
  "file": "inclusion/additional/3/empty-root.json",
  "leafIdx": 2,
  "treeSize": 1,
  "root": "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=",
  "leafHash": "",
  "proof": [],
  "desc": "empty root",
  "wantErr": true
 },
 {
  "file": "inclusion/additional/3/random-leaf.json",
  "leafIdx": 2,
  "treeSize": 1,
  "root": "",
  "leafHash": "q6yroAAAAAAAAAAAAAAAAAAAAAAAAAAAAGAGHgASNFY=",
  "proof": [],
  "desc": "random leaf",
  "wantErr": true
 },
 {
  "file": "inclusion/single-entry/empty-leaf.json",
  "leafIdx": 0,
  "treeSize": 1,
  "root": "DTrtAjFI/9KiWfvQzcf7PPl1ZYdg03dbgq9vkKrMLfw=",
  "leafHash": "",
  "proof": [],
  "desc": "empty leaf",
  "wantErr": true
 },
 {
  "file": "inclusion/single-entry/empty-root-and-leaf.json",
  "leafIdx": 0,
  "treeSize": 1,
  "root": "",
  "leafHash": "",
  "proof": [],
  "desc": "empty root and leaf",
  "wantErr": true
 },
 {
  "file": "inclusion/single-entry/empty-root.json",
  "leafIdx": 0,
  "treeSize": 1,
  "root": "",
  "leafHash": "DTrtAjFI/9KiWfvQzcf7PPl1ZYdg03dbgq9vkKrMLfw=",
  "proof": [],
  "desc": "empty root",
  "wantErr": true
 },
 {
  "file": "inclusion/single-entry/matching-root-and-leaf.json",
  "leafIdx": 0,
  "treeSize": 1,
  "root": "DTrtAjFI/9KiWfvQzcf7PPl1ZYdg03dbgq9vkKrMLfw=",
  "leafHash": "DTrtAjFI/9KiWfvQzcf7PPl1ZYdg03dbgq9vkKrMLfw=",
  "proof": [],
  "desc": "matching root and leaf",
  "wantErr": false
 }
];

export const CONSISTENCY_VECTORS: ConsistencyVector[] = [
 {
  "file": "consistency/0/happy-path.json",
  "size1": 1,
  "size2": 1,
  "root1": "bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=",
  "root2": "bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=",
  "proof": null,
  "desc": "happy path",
  "wantErr": false
 },
 {
  "file": "consistency/1/empty-proof.json",
  "size1": 1,
  "size2": 8,
  "root1": "bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=",
  "root2": "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=",
  "proof": [],
  "desc": "empty proof",
  "wantErr": true
 },
 {
  "file": "consistency/1/happy-path.json",
  "size1": 1,
  "size2": 8,
  "root1": "bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=",
  "root2": "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=",
  "proof": [
   "lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c=",
   "Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=",
   "a0eq8p7jwq+a+Im8H7klTavTEXfxYjLdaqsDXKOb9uQ="
  ],
  "desc": "happy path",
  "wantErr": false
 },
 {
  "file": "consistency/1/modified-proof@0-bit-@4.json",
  "size1": 1,
  "size2": 8,
  "root1": "bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=",
  "root2": "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=",
  "proof": [
   "hqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c=",
   "Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=",
   "a0eq8p7jwq+a+Im8H7klTavTEXfxYjLdaqsDXKOb9uQ="
  ],
  "desc": "modified proof@0 bit @4",
  "wantErr": true
 },
 {
  "file": "consistency/1/modified-proof@1-bit-@4.json",
  "size1": 1,
  "size2": 8,
  "root1": "bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=",
  "root2": "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=",
  "proof": [
   "lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c=",
   "Twg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=",
   "a0eq8p7jwq+a+Im8H7klTavTEXfxYjLdaqsDXKOb9uQ="
  ],
  "desc": "modified proof@1 bit @4",
  "wantErr": true
 },
 {
  "file": "consistency/1/modified-proof@2-bit-@4.json",
  "size1": 1,
  "size2": 8,
  "root1": "bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=",
  "root2": "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=",
  "proof": [
   "lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c=",
   "Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=",
   "e0eq8p7jwq+a+Im8H7klTavTEXfxYjLdaqsDXKOb9uQ="
  ],
  "desc": "modified proof@2 bit @4",
  "wantErr": true
 },
 {
  "file": "consistency/1/preceding-garbage.json",
  "size1": 1,
  "size2": 8,
  "root1": "bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=",
  "root2": "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=",
  "proof": [
   "",
   "lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c=",
   "Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=",
   "a0eq8p7jwq+a+Im8H7klTavTEXfxYjLdaqsDXKOb9uQ="
  ],
  "desc": "preceding garbage",
  "wantErr": true
 },
 {
  "file": "consistency/1/preceding-proof-@0.json",
  "size1": 1,
  "size2": 8,
  "root1": "bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=",
  "root2": "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=",
  "proof": [
   "lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c=",
   "lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c=",
   "Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=",
   "a0eq8p7jwq+a+Im8H7klTavTEXfxYjLdaqsDXKOb9uQ="
  ],
  "desc": "preceding proof @0",
  "wantErr": true
 },
 {
  "file": "consistency/1/preceding-root1.json",
  "size1": 1,
  "size2": 8,
  "root1": "bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=",
  "root2": "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=",
  "proof": [
   "bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=",
   "lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c=",
   "Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=",
   "a0eq8p7jwq+a+Im8H7klTavTEXfxYjLdaqsDXKOb9uQ="
  ],
  "desc": "preceding root1",
  "wantErr": true
 },
 {
  "file": "consistency/1/preceding-root2.json",
  "size1": 1,
  "size2": 8,
  "root1": "bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=",
  "root2": "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=",
  "proof": [
   "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=",
   "lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c=",
   "Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=",
   "a0eq8p7jwq+a+Im8H7klTavTEXfxYjLdaqsDXKOb9uQ="
  ],
  "desc": "preceding root2",
  "wantErr": true
 },
 {
  "file": "consistency/1/size1-XOR-@2.json",
  "size1": 3,
  "size2": 8,
  "root1": "bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=",
  "root2": "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=",
  "proof": [
   "lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c=",
   "Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=",
   "a0eq8p7jwq+a+Im8H7klTavTEXfxYjLdaqsDXKOb9uQ="
  ],
  "desc": "size1 XOR @2",
  "wantErr": true
 },
 {
  "file": "consistency/1/size1-plus-@1.json",
  "size1": 2,
  "size2": 8,
  "root1": "bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=",
  "root2": "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=",
  "proof": [
   "lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c=",
   "Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=",
   "a0eq8p7jwq+a+Im8H7klTavTEXfxYjLdaqsDXKOb9uQ="
  ],
  "desc": "size1 plus @1",
  "wantErr": true
 },
 {
  "file": "consistency/1/size1-sub-@1.json",
  "size1": 0,
  "size2": 8,
  "root1": "bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=",
  "root2": "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=",
  "proof": [
   "lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c=",
   "Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=",
   "a0eq8p7jwq+a+Im8H7klTavTEXfxYjLdaqsDXKOb9uQ="
  ],
  "desc": "size1 sub @1",
  "wantErr": true
 },
 {
  "file": "consistency/1/size2-div-@2.json",
  "size1": 1,
  "size2": 4,
  "root1": "bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=",
  "root2": "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=",
  "proof": [
   "lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c=",
   "Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=",
   "a0eq8p7jwq+a+Im8H7klTavTEXfxYjLdaqsDXKOb9uQ="
  ],
  "desc": "size2 div @2",
  "wantErr": true
 },
 {
  "file": "consistency/1/size2-mul-@2.json",
  "size1": 1,
  "size2": 16,
  "root1": "bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=",
  "root2": "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=",
  "proof": [
   "lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c=",
   "Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=",
   "a0eq8p7jwq+a+Im8H7klTavTEXfxYjLdaqsDXKOb9uQ="
  ],
  "desc": "size2 mul @2",
  "wantErr": true
 },
 {
  "file": "consistency/1/swapped-roots.json",
  "size1": 1,
  "size2": 8,
  "root1": "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=",
  "root2": "bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=",
  "proof": [
   "lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c=",
   "Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=",
   "a0eq8p7jwq+a+Im8H7klTavTEXfxYjLdaqsDXKOb9uQ="
  ],
  "desc": "swapped roots",
  "wantErr": true
 },
 {
  "file": "consistency/1/trailing-garbage.json",
  "size1": 1,
  "size2": 8,
  "root1": "bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=",
  "root2": "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=",
  "proof": [
   "lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c=",
   "Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=",
   "a0eq8p7jwq+a+Im8H7klTavTEXfxYjLdaqsDXKOb9uQ=",
   ""
  ],
  "desc": "trailing garbage",
  "wantErr": true
 },
 {
  "file": "consistency/1/trailing-root1.json",
  "size1": 1,
  "size2": 8,
  "root1": "bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=",
  "root2": "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=",
  "proof": [
   "lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c=",
   "Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=",
   "a0eq8p7jwq+a+Im8H7klTavTEXfxYjLdaqsDXKOb9uQ=",
   "bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0="
  ],
  "desc": "trailing root1",
  "wantErr": true
 },
 {
  "file": "consistency/1/trailing-root2.json",
  "size1": 1,
  "size2": 8,
  "root1": "bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=",
  "root2": "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=",
  "proof": [
   "lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c=",
   "Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=",
   "a0eq8p7jwq+a+Im8H7klTavTEXfxYjLdaqsDXKOb9uQ=",
   "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg="
  ],
  "desc": "trailing root2",
  "wantErr": true
 },
 {
  "file": "consistency/1/truncated-proof.json",
  "size1": 1,
  "size2": 8,
  "root1": "bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=",
  "root2": "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=",
  "proof": [
   "lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c=",
   "Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4="
  ],
  "desc": "truncated proof",
  "wantErr": true
 },
 {
  "file": "consistency/1/wrong-root1.json",
  "size1": 1,
  "size2": 8,
  "root1": "V3JvbmdSb290",
  "root2": "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=",
  "proof": [
   "lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c=",
   "Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=",
   "a0eq8p7jwq+a+Im8H7klTavTEXfxYjLdaqsDXKOb9uQ="
  ],
  "desc": "wrong root1",
  "wantErr": true
 },
 {
  "file": "consistency/1/wrong-root2.json",
  "size1": 1,
  "size2": 8,
  "root1": "bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=",
  "root2": "V3JvbmdSb290",
  "proof": [
   "lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c=",
   "Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=",
   "a0eq8p7jwq+a+Im8H7klTavTEXfxYjLdaqsDXKOb9uQ="
  ],
  "desc": "wrong root2",
  "wantErr": true
 },
 {
  "file": "consistency/2/empty-proof.json",
  "size1": 6,
  "size2": 8,
  "root1": "duZ9rbzfHhDht03cYIq9L5jfsW+851J3tSMqEn8gh+8=",
  "root2": "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=",
  "proof": [],
  "desc": "empty proof",
  "wantErr": true
 },
 {
  "file": "consistency/2/happy-path.json",
  "size1": 6,
  "size2": 8,
  "root1": "duZ9rbzfHhDht03cYIq9L5jfsW+851J3tSMqEn8gh+8=",
  "root2": "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=",
  "proof": [
   "DrxdNDf74tsVi58Sah0RjjCBgQMdCpSfje3t68VY72o=",
   "yoVOoSjtBQtBs1/8G4e46yveRh6eO1WW7Oa51ZdaCuA=",
   "037kGJdt2VdTwcc4Yrk5j6Kiz5tP8P3+izDNlSCWFLc="
  ],
  "desc": "happy path",
  "wantErr": false
 },
 {
  "file": "consistency/2/modified-proof@0-bit-@4.json",
  "size1": 6,
  "size2": 8,
  "root1": "duZ9rbzfHhDht03cYIq9L5jfsW+851J3tSMqEn8gh+8=",
  "root2": "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=",
  "proof": [
   "HrxdNDf74tsVi58Sah0RjjCBgQMdCpSfje3t68VY72o=",
   "yoVOoSjtBQtBs1/8G4e46yveRh6eO1WW7Oa51ZdaCuA=",
   "037kGJdt2VdTwcc4Yrk5j6Kiz5tP8P3+izDNlSCWFLc="
  ],
  "desc": "modified proof@0 bit @4",
  "wantErr": true
 },
 {
  "file": "consistency/2/modified-proof@1-bit-@4.json",
  "size1": 6,
  "size2": 8,
  "root1": "duZ9rbzfHhDht03cYIq9L5jfsW+851J3tSMqEn8gh+8=",
  "root2": "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=",
  "proof": [
   "DrxdNDf74tsVi58Sah0RjjCBgQMdCpSfje3t68VY72o=",
   "2oVOoSjtBQtBs1/8G4e46yveRh6eO1WW7Oa51ZdaCuA=",
   "037kGJdt2VdTwcc4Yrk5j6Kiz5tP8P3+izDNlSCWFLc="
  ],
  "desc": "modified proof@1 bit @4",
  "wantErr": true
 },
 {
  "file": "consistency/2/modified-proof@2-bit-@4.json",
  "size1": 6,
  "size2": 8,
  "root1": "duZ9rbzfHhDht03cYIq9L5jfsW+851J3tSMqEn8gh+8=",
  "root2": "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=",
  "proof": [
   "DrxdNDf74tsVi58Sah0RjjCBgQMdCpSfje3t68VY72o=",
   "yoVOoSjtBQtBs1/8G4e46yveRh6eO1WW7Oa51ZdaCuA=",
   "w37kGJdt2VdTwcc4Yrk5j6Kiz5tP8P3+izDNlSCWFLc="
  ],
  "desc": "modified proof@2 bit @4",
  "wantErr": true
 },
 {
  "file": "consistency/2/preceding-garbage.json",
  "size1": 6,
  "size2": 8,
  "root1": "duZ9rbzfHhDht03cYIq9L5jfsW+851J3tSMqEn8gh+8=",
  "root2": "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=",
  "proof": [
   "",
   "DrxdNDf74tsVi58Sah0RjjCBgQMdCpSfje3t68VY72o=",
   "yoVOoSjtBQtBs1/8G4e46yveRh6eO1WW7Oa51ZdaCuA=",
   "037kGJdt2VdTwcc4Yrk5j6Kiz5tP8P3+izDNlSCWFLc="
  ],
  "desc": "preceding garbage",
  "wantErr": true
 },
 {
  "file": "consistency/2/preceding-proof-@0.json",
  "size1": 6,
  "size2": 8,
  "root1": "duZ9rbzfHhDht03cYIq9L5jfsW+851J3tSMqEn8gh+8=",
  "root2": "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=",
  "proof": [
   "DrxdNDf74tsVi58Sah0RjjCBgQMdCpSfje3t68VY72o=",
   "DrxdNDf74tsVi58Sah0RjjCBgQMdCpSfje3t68VY72o=",
   "yoVOoSjtBQtBs1/8G4e46yveRh6eO1WW7Oa51ZdaCuA=",
   "037kGJdt2VdTwcc4Yrk5j6Kiz5tP8P3+izDNlSCWFLc="
  ],
  "desc": "preceding proof @0",
  "wantErr": true
 },
 {
  "file": "consistency/2/preceding-root1.json",
  "size1": 6,
  "size2": 8,
  "root1": "duZ9rbzfHhDht03cYIq9L5jfsW+851J3tSMqEn8gh+8=",
  "root2": "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=",
  "proof": [
   "duZ9rbzfHhDht03cYIq9L5jfsW+851J3tSMqEn8gh+8=",
   "DrxdNDf74tsVi58Sah0RjjCBgQMdCpSfje3t68VY72o=",
   "yoVOoSjtBQtBs1/8G4e46yveRh6eO1WW7Oa51ZdaCuA=",
   "037kGJdt2VdTwcc4Yrk5j6Kiz5tP8P3+izDNlSCWFLc="
  ],
  "desc": "preceding root1",
  "wantErr": true
 },
 {
  "file": "consistency/2/preceding-root2.json",
  "size1": 6,
  "size2": 8,
  "root1": "duZ9rbzfHhDht03cYIq9L5jfsW+851J3tSMqEn8gh+8=",
  "root2": "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=",
  "proof": [
   "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=",
   "DrxdNDf74tsVi58Sah0RjjCBgQMdCpSfje3t68VY72o=",
   "yoVOoSjtBQtBs1/8G4e46yveRh6eO1WW7Oa51ZdaCuA=",
   "037kGJdt2VdTwcc4Yrk5j6Kiz5tP8P3+izDNlSCWFLc="
  ],
  "desc": "preceding root2",
  "wantErr": true
 },
 {
  "file": "consistency/2/size1-XOR-@2.json",
  "size1": 4,
  "size2": 8,
  "root1": "duZ9rbzfHhDht03cYIq9L5jfsW+851J3tSMqEn8gh+8=",
  "root2": "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=",
  "proof": [
   "DrxdNDf74tsVi58Sah0RjjCBgQMdCpSfje3t68VY72o=",
   "yoVOoSjtBQtBs1/8G4e46yveRh6eO1WW7Oa51ZdaCuA=",
   "037kGJdt2VdTwcc4Yrk5j6Kiz5tP8P3+izDNlSCWFLc="
  ],
  "desc": "size1 XOR @2",
  "wantErr": true
 },
 {
  "file": "consistency/2/size1-plus-@1.json",
  "size1": 7,
  "size2": 8,
  "root1": "duZ9rbzfHhDht03cYIq9L5jfsW+851J3tSMqEn8gh+8=",
  "root2": "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=",
  "proof": [
   "DrxdNDf74tsVi58Sah0RjjCBgQMdCpSfje3t68VY72o=",
   "yoVOoSjtBQtBs1/8G4e46yveRh6eO1WW7Oa51ZdaCuA=",
   "037kGJdt2VdTwcc4Yrk5j6Kiz5tP8P3+izDNlSCWFLc="
  ],
  "desc": "size1 plus @1",
  "wantErr": true
 },
 {
  "file": "consistency/2/size1-sub-@1.json",
  "size1": 5,
  "size2": 8,
  "root1": "duZ9rbzfHhDht03cYIq9L5jfsW+851J3tSMqEn8gh+8=",
  "root2": "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=",
  "proof": [
   "DrxdNDf74tsVi58Sah0RjjCBgQMdCpSfje3t68VY72o=",
   "yoVOoSjtBQtBs1/8G4e46yveRh6eO1WW7Oa51ZdaCuA=",
   "037kGJdt2VdTwcc4Yrk5j6Kiz5tP8P3+izDNlSCWFLc="
  ],
  "desc": "size1 sub @1",
  "wantErr": true
 },
 {
  "file": "consistency/2/size2-div-@2.json",
  "size1": 6,
  "size2": 4,
  "root1": "duZ9rbzfHhDht03cYIq9L5jfsW+851J3tSMqEn8gh+8=",
  "root2": "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=",
  "proof": [
   "DrxdNDf74tsVi58Sah0RjjCBgQMdCpSfje3t68VY72o=",
   "yoVOoSjtBQtBs1/8G4e46yveRh6eO1WW7Oa51ZdaCuA=",
   "037kGJdt2VdTwcc4Yrk5j6Kiz5tP8P3+izDNlSCWFLc="
  ],
  "desc": "size2 div @2",
  "wantErr": true
 },
 {
  "file": "consistency/2/size2-mul-@2.json",
  "size1": 6,
  "size2": 16,
  "root1": "duZ9rbzfHhDht03cYIq9L5jfsW+851J3tSMqEn8gh+8=",
  "root2": "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=",
  "proof": [
   "DrxdNDf74tsVi58Sah0RjjCBgQMdCpSfje3t68VY72o=",
   "yoVOoSjtBQtBs1/8G4e46yveRh6eO1WW7Oa51ZdaCuA=",
   "037kGJdt2VdTwcc4Yrk5j6Kiz5tP8P3+izDNlSCWFLc="
  ],
  "desc": "size2 mul @2",
  "wantErr": true
 },
 {
  "file": "consistency/2/swapped-roots.json",
  "size1": 6,
  "size2": 8,
  "root1": "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=",
  "root2": "duZ9rbzfHhDht03cYIq9L5jfsW+851J3tSMqEn8gh+8=",
  "proof": [
   "DrxdNDf74tsVi58Sah0RjjCBgQMdCpSfje3t68VY72o=",
   "yoVOoSjtBQtBs1/8G4e46yveRh6eO1WW7Oa51ZdaCuA=",
   "037kGJdt2VdTwcc4Yrk5j6Kiz5tP8P3+izDNlSCWFLc="
  ],
  "desc": "swapped roots",
  "wantErr": true
 },
 {
  "file": "consistency/2/trailing-garbage.json",
  "size1": 6,
  "size2": 8,
  "root1": "duZ9rbzfHhDht03cYIq9L5jfsW+851J3tSMqEn8gh+8=",
  "root2": "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=",
  "proof": [
   "DrxdNDf74tsVi58Sah0RjjCBgQMdCpSfje3t68VY72o=",
   "yoVOoSjtBQtBs1/8G4e46yveRh6eO1WW7Oa51ZdaCuA=",
   "037kGJdt2VdTwcc4Yrk5j6Kiz5tP8P3+izDNlSCWFLc=",
   ""
  ],
  "desc": "trailing garbage",
  "wantErr": true
 },
 {
  "file": "consistency/2/trailing-root1.json",
  "size1": 6,
  "size2": 8,
  "root1": "duZ9rbzfHhDht03cYIq9L5jfsW+851J3tSMqEn8gh+8=",
  "root2": "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=",
  "proof": [
   "DrxdNDf74tsVi58Sah0RjjCBgQMdCpSfje3t68VY72o=",
   "yoVOoSjtBQtBs1/8G4e46yveRh6eO1WW7Oa51ZdaCuA=",
   "037kGJdt2VdTwcc4Yrk5j6Kiz5tP8P3+izDNlSCWFLc=",
   "duZ9rbzfHhDht03cYIq9L5jfsW+851J3tSMqEn8gh+8="
  ],
  "desc": "trailing root1",
  "wantErr": true
 },
 {
  "file": "consistency/2/trailing-root2.json",
  "size1": 6,
  "size2": 8,
  "root1": "duZ9rbzfHhDht03cYIq9L5jfsW+851J3tSMqEn8gh+8=",
  "root2": "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=",
  "proof": [
   "DrxdNDf74tsVi58Sah0RjjCBgQMdCpSfje3t68VY72o=",
   "yoVOoSjtBQtBs1/8G4e46yveRh6eO1WW7Oa51ZdaCuA=",
   "037kGJdt2VdTwcc4Yrk5j6Kiz5tP8P3+izDNlSCWFLc=",
   "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg="
  ],
  "desc": "trailing root2",
  "wantErr": true
 },
 {
  "file": "consistency/2/truncated-proof.json",
  "size1": 6,
  "size2": 8,
  "root1": "duZ9rbzfHhDht03cYIq9L5jfsW+851J3tSMqEn8gh+8=",
  "root2": "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=",
  "proof": [
   "DrxdNDf74tsVi58Sah0RjjCBgQMdCpSfje3t68VY72o=",
   "yoVOoSjtBQtBs1/8G4e46yveRh6eO1WW7Oa51ZdaCuA="
  ],
  "desc": "truncated proof",
  "wantErr": true
 },
 {
  "file": "consistency/2/wrong-root1.json",
  "size1": 6,
  "size2": 8,
  "root1": "V3JvbmdSb290",
  "root2": "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=",
  "proof": [
   "DrxdNDf74tsVi58Sah0RjjCBgQMdCpSfje3t68VY72o=",
   "yoVOoSjtBQtBs1/8G4e46yveRh6eO1WW7Oa51ZdaCuA=",
   "037kGJdt2VdTwcc4Yrk5j6Kiz5tP8P3+izDNlSCWFLc="
  ],
  "desc": "wrong root1",
  "wantErr": true
 },
 {
  "file": "consistency/2/wrong-root2.json",
  "size1": 6,
  "size2": 8,
  "root1": "duZ9rbzfHhDht03cYIq9L5jfsW+851J3tSMqEn8gh+8=",
  "root2": "V3JvbmdSb290",
  "proof": [
   "DrxdNDf74tsVi58Sah0RjjCBgQMdCpSfje3t68VY72o=",
   "yoVOoSjtBQtBs1/8G4e46yveRh6eO1WW7Oa51ZdaCuA=",
   "037kGJdt2VdTwcc4Yrk5j6Kiz5tP8P3+izDNlSCWFLc="
  ],
  "desc": "wrong root2",
  "wantErr": true
 },
 {
  "file": "consistency/3/empty-proof.json",
  "size1": 2,
  "size2": 5,
  "root1": "+sVCA+fMaWzw38tCySodnbr3CtnmIfS9jZhmLwDjwSU=",
  "root2": "Tju7H3tHjc/nH7YxYxUZo7yhLJrvyhYSv85ME6hiZNQ=",
  "proof": [],
  "desc": "empty proof",
  "wantErr": true
 },
 {
  "file": "consistency/3/happy-path.json",
  "size1": 2,
  "size2": 5,
  "root1": "+sVCA+fMaWzw38tCySodnbr3CtnmIfS9jZhmLwDjwSU=",
  "root2": "Tju7H3tHjc/nH7YxYxUZo7yhLJrvyhYSv85ME6hiZNQ=",
  "proof": [
   "Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=",
   "vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms="
  ],
  "desc": "happy path",
  "wantErr": false
 },
 {
  "file": "consistency/3/modified-proof@0-bit-@4.json",
  "size1": 2,
  "size2": 5,
  "root1": "+sVCA+fMaWzw38tCySodnbr3CtnmIfS9jZhmLwDjwSU=",
  "root2": "Tju7H3tHjc/nH7YxYxUZo7yhLJrvyhYSv85ME6hiZNQ=",
  "proof": [
   "Twg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=",
   "vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms="
  ],
  "desc": "modified proof@0 bit @4",
  "wantErr": true
 },
 {
  "file": "consistency/3/modified-proof@1-bit-@4.json",
  "size1": 2,
  "size2": 5,
  "root1": "+sVCA+fMaWzw38tCySodnbr3CtnmIfS9jZhmLwDjwSU=",
  "root2": "Tju7H3tHjc/nH7YxYxUZo7yhLJrvyhYSv85ME6hiZNQ=",
  "proof": [
   "Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=",
   "rBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms="
  ],
  "desc": "modified proof@1 bit @4",
  "wantErr": true
 },
 {
  "file": "consistency/3/preceding-garbage.json",
  "size1": 2,
  "size2": 5,
  "root1": "+sVCA+fMaWzw38tCySodnbr3CtnmIfS9jZhmLwDjwSU=",
  "root2": "Tju7H3tHjc/nH7YxYxUZo7yhLJrvyhYSv85ME6hiZNQ=",
  "proof": [
   "",
   "Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=",
   "vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms="
  ],
  "desc": "preceding garbage",
  "wantErr": true
 },
 {
  "file": "consistency/3/preceding-proof-@0.json",
  "size1": 2,
  "size2": 5,
  "root1": "+sVCA+fMaWzw38tCySodnbr3CtnmIfS9jZhmLwDjwSU=",
  "root2": "Tju7H3tHjc/nH7YxYxUZo7yhLJrvyhYSv85ME6hiZNQ=",
  "proof": [
   "Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=",
   "Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=",
   "vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms="
  ],
  "desc": "preceding proof @0",
  "wantErr": true
 },
 {
  "file": "consistency/3/preceding-root1.json",
  "size1": 2,
  "size2": 5,
  "root1": "+sVCA+fMaWzw38tCySodnbr3CtnmIfS9jZhmLwDjwSU=",
  "root2": "Tju7H3tHjc/nH7YxYxUZo7yhLJrvyhYSv85ME6hiZNQ=",
  "proof": [
   "+sVCA+fMaWzw38tCySodnbr3CtnmIfS9jZhmLwDjwSU=",
   "Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=",
   "vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms="
  ],
  "desc": "preceding root1",
  "wantErr": true
 },
 {
  "file": "consistency/3/preceding-root2.json",
  "size1": 2,
  "size2": 5,
  "root1": "+sVCA+fMaWzw38tCySodnbr3CtnmIfS9jZhmLwDjwSU=",
  "root2": "Tju7H3tHjc/nH7YxYxUZo7yhLJrvyhYSv85ME6hiZNQ=",
  "proof": [
   "Tju7H3tHjc/nH7YxYxUZo7yhLJrvyhYSv85ME6hiZNQ=",
   "Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=",
   "vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms="
  ],
  "desc": "preceding root2",
  "wantErr": true
 },
 {
  "file": "consistency/3/size1-XOR-@2.json",
  "size1": 0,
  "size2": 5,
  "root1": "+sVCA+fMaWzw38tCySodnbr3CtnmIfS9jZhmLwDjwSU=",
  "root2": "Tju7H3tHjc/nH7YxYxUZo7yhLJrvyhYSv85ME6hiZNQ=",
  "proof": [
   "Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=",
   "vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms="
  ],
  "desc": "size1 XOR @2",
  "wantErr": true
 },
 {
  "file": "consistency/3/size1-plus-@1.json",
  "size1": 3,
  "size2": 5,
  "root1": "+sVCA+fMaWzw38tCySodnbr3CtnmIfS9jZhmLwDjwSU=",
  "root2": "Tju7H3tHjc/nH7YxYxUZo7yhLJrvyhYSv85ME6hiZNQ=",
  "proof": [
   "Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=",
   "vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms="
  ],
  "desc": "size1 plus @1",
  "wantErr": true
 },
 {
  "file": "consistency/3/size1-sub-@1.json",
  "size1": 1,
  "size2": 5,
  "root1": "+sVCA+fMaWzw38tCySodnbr3CtnmIfS9jZhmLwDjwSU=",
  "root2": "Tju7H3tHjc/nH7YxYxUZo7yhLJrvyhYSv85ME6hiZNQ=",
  "proof": [
   "Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=",
   "vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms="
  ],
  "desc": "size1 sub @1",
  "wantErr": true
 },
 {
  "file": "consistency/3/size2-div-@2.json",
  "size1": 2,
  "size2": 2,
  "root1": "+sVCA+fMaWzw38tCySodnbr3CtnmIfS9jZhmLwDjwSU=",
  "root2": "Tju7H3tHjc/nH7YxYxUZo7yhLJrvyhYSv85ME6hiZNQ=",
  "proof": [
   "Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=",
   "vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms="
  ],
  "desc": "size2 div @2",
  "wantErr": true
 },
 {
  "file": "consistency/3/size2-mul-@2.json",
  "size1": 2,
  "size2": 10,
  "root1": "+sVCA+fMaWzw38tCySodnbr3CtnmIfS9jZhmLwDjwSU=",
  "root2": "Tju7H3tHjc/nH7YxYxUZo7yhLJrvyhYSv85ME6hiZNQ=",
  "proof": [
   "Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=",
   "vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms="
  ],
  "desc": "size2 mul @2",
  "wantErr": true
 },
 {
  "file": "consistency/3/swapped-roots.json",
  "size1": 2,
  "size2": 5,
  "root1": "Tju7H3tHjc/nH7YxYxUZo7yhLJrvyhYSv85ME6hiZNQ=",
  "root2": "+sVCA+fMaWzw38tCySodnbr3CtnmIfS9jZhmLwDjwSU=",
  "proof": [
   "Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=",
   "vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms="
  ],
  "desc": "swapped roots",
  "wantErr": true
 },
 {
  "file": "consistency/3/trailing-garbage.json",
  "size1": 2,
  "size2": 5,
  "root1": "+sVCA+fMaWzw38tCySodnbr3CtnmIfS9jZhmLwDjwSU=",
  "root2": "Tju7H3tHjc/nH7YxYxUZo7yhLJrvyhYSv85ME6hiZNQ=",
  "proof": [
   "Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=",
   "vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms=",
   ""
  ],
  "desc": "trailing garbage",
  "wantErr": true
 },
 {
  "file": "consistency/3/trailing-root1.json",
  "size1": 2,
  "size2": 5,
  "root1": "+sVCA+fMaWzw38tCySodnbr3CtnmIfS9jZhmLwDjwSU=",
  "root2": "Tju7H3tHjc/nH7YxYxUZo7yhLJrvyhYSv85ME6hiZNQ=",
  "proof": [
   "Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=",
   "vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms=",
   "+sVCA+fMaWzw38tCySodnbr3CtnmIfS9jZhmLwDjwSU="
  ],
  "desc": "trailing root1",
  "wantErr": true
 },
 {
  "file": "consistency/3/trailing-root2.json",
  "size1": 2,
  "size2": 5,
  "root1": "+sVCA+fMaWzw38tCySodnbr3CtnmIfS9jZhmLwDjwSU=",
  "root2": "Tju7H3tHjc/nH7YxYxUZo7yhLJrvyhYSv85ME6hiZNQ=",
  "proof": [
   "Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=",
   "vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms=",
   "Tju7H3tHjc/nH7YxYxUZo7yhLJrvyhYSv85ME6hiZNQ="
  ],
  "desc": "trailing root2",
  "wantErr": true
 },
 {
  "file": "consistency/3/truncated-proof.json",
  "size1": 2,
  "size2": 5,
  "root1": "+sVCA+fMaWzw38tCySodnbr3CtnmIfS9jZhmLwDjwSU=",
  "root2": "Tju7H3tHjc/nH7YxYxUZo7yhLJrvyhYSv85ME6hiZNQ=",
  "proof": [
   "Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4="
  ],
  "desc": "truncated proof",
  "wantErr": true
 },
 {
  "file": "consistency/3/wrong-root1.json",
  "size1": 2,
  "size2": 5,
  "root1": "V3JvbmdSb290",
  "root2": "Tju7H3tHjc/nH7YxYxUZo7yhLJrvyhYSv85ME6hiZNQ=",
  "proof": [
   "Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=",
   "vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms="
  ],
  "desc": "wrong root1",
  "wantErr": true
 },
 {
  "file": "consistency/3/wrong-root2.json",
  "size1": 2,
  "size2": 5,
  "root1": "+sVCA+fMaWzw38tCySodnbr3CtnmIfS9jZhmLwDjwSU=",
  "root2": "V3JvbmdSb290",
  "proof": [
   "Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=",
   "vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms="
  ],
  "desc": "wrong root2",
  "wantErr": true
 },
 {
  "file": "consistency/4/empty-proof.json",
  "size1": 6,
  "size2": 7,
  "root1": "duZ9rbzfHhDht03cYIq9L5jfsW+851J3tSMqEn8gh+8=",
  "root2": "3bib5AOAnjJXUNPSY814kpwpQreUKjS3fhIslZSnTIw=",
  "proof": [],
  "desc": "empty proof",
  "wantErr": true
 },
 {
  "file": "consistency/4/happy-path.json",
  "size1": 6,
  "size2": 7,
  "root1": "duZ9rbzfHhDht03cYIq9L5jfsW+851J3tSMqEn8gh+8=",
  "root2": "3bib5AOAnjJXUNPSY814kpwpQreUKjS3fhIslZSnTIw=",
  "proof": [
   "DrxdNDf74tsVi58Sah0RjjCBgQMdCpSfje3t68VY72o=",
   "sIaT7C5yFZcTBkHoIR5+7cy0wmQTlj7ubB4u0W/7Gl8=",
   "037kGJdt2VdTwcc4Yrk5j6Kiz5tP8P3+izDNlSCWFLc="
  ],
  "desc": "happy path",
  "wantErr": false
 },
 {
  "file": "consistency/4/modified-proof@0-bit-@4.json",
  "size1": 6,
  "size2": 7,
  "root1": "duZ9rbzfHhDht03cYIq9L5jfsW+851J3tSMqEn8gh+8=",
  "root2": "3bib5AOAnjJXUNPSY814kpwpQreUKjS3fhIslZSnTIw=",
  "proof": [
   "HrxdNDf74tsVi58Sah0RjjCBgQMdCpSfje3t68VY72o=",
   "sIaT7C5yFZcTBkHoIR5+7cy0wmQTlj7ubB4u0W/7Gl8=",
   "037kGJdt2VdTwcc4Yrk5j6Kiz5tP8P3+izDNlSCWFLc="
  ],
  "desc": "modified proof@0 bit @4",
  "wantErr": true
 },
 {
  "file": "consistency/4/modified-proof@1-bit-@4.json",
  "size1": 6,
  "size2": 7,
  "root1": "duZ9rbzfHhDht03cYIq9L5jfsW+851J3tSMqEn8gh+8=",
  "root2": "3bib5AOAnjJXUNPSY814kpwpQreUKjS3fhIslZSnTIw=",
  "proof": [
   "DrxdNDf74tsVi58Sah0RjjCBgQMdCpSfje3t68VY72o=",
   "oIaT7C5yFZcTBkHoIR5+7cy0wmQTlj7ubB4u0W/7Gl8=",
   "037kGJdt2VdTwcc4Yrk5j6Kiz5tP8P3+izDNlSCWFLc="
  ],
  "desc": "modified proof@1 bit @4",
  "wantErr": true
 },
 {
  "file": "consistency/4/modified-proof@2-bit-@4.json",
  "size1": 6,
  "size2": 7,
  "root1": "duZ9rbzfHhDht03cYIq9L5jfsW+851J3tSMqEn8gh+8=",
  "root2": "3bib5AOAnjJXUNPSY814kpwpQreUKjS3fhIslZSnTIw=",
  "proof": [
   "DrxdNDf74tsVi58Sah0RjjCBgQMdCpSfje3t68VY72o=",
   "sIaT7C5yFZcTBkHoIR5+7cy0wmQTlj7ubB4u0W/7Gl8=",
   "w37kGJdt2VdTwcc4Yrk5j6Kiz5tP8P3+izDNlSCWFLc="
  ],
  "desc": "modified proof@2 bit @4",
  "wantErr": true
 },
 {
  "file": "consistency/4/preceding-garbage.json",
  "size1": 6,
  "size2": 7,
  "root1": "duZ9rbzfHhDht03cYIq9L5jfsW+851J3tSMqEn8gh+8=",
  "root2": "3bib5AOAnjJXUNPSY814kpwpQreUKjS3fhIslZSnTIw=",
  "proof": [
   "",
   "DrxdNDf74tsVi58Sah0RjjCBgQMdCpSfje3t68VY72o=",
   "sIaT7C5yFZcTBkHoIR5+7cy0wmQTlj7ubB4u0W/7Gl8=",
   "037kGJdt2VdTwcc4Yrk5j6Kiz5tP8P3+izDNlSCWFLc="
  ],
  "desc": "preceding garbage",
  "wantErr": true
 },
 {
  "file": "consistency/4/preceding-proof-@0.json",
  "size1": 6,
  "size2": 7,
  "root1": "duZ9rbzfHhDht03cYIq9L5jfsW+851J3tSMqEn8gh+8=",
  "root2": "3bib5AOAnjJXUNPSY814kpwpQreUKjS3fhIslZSnTIw=",
  "proof": [
   "DrxdNDf74tsVi58Sah0RjjCBgQMdCpSfje3t68VY72o=",
   "DrxdNDf74tsVi58Sah0RjjCBgQMdCpSfje3t68VY72o=",
   "sIaT7C5yFZcTBkHoIR5+7cy0wmQTlj7ubB4u0W/7Gl8=",
   "037kGJdt2VdTwcc4Yrk5j6Kiz5tP8P3+izDNlSCWFLc="
  ],
  "desc": "preceding proof @0",
  "wantErr": true
 },
 {
  "file": "consistency/4/preceding-root1.json",
  "size1": 6,
  "size2": 7,
  "root1": "duZ9rbzfHhDht03cYIq9L5jfsW+851J3tSMqEn8gh+8=",
  "root2": "3bib5AOAnjJXUNPSY814kpwpQreUKjS3fhIslZSnTIw=",
  "proof": [
   "duZ9rbzfHhDht03cYIq9L5jfsW+851J3tSMqEn8gh+8=",
   "DrxdNDf74tsVi58Sah0RjjCBgQMdCpSfje3t68VY72o=",
   "sIaT7C5yFZcTBkHoIR5+7cy0wmQTlj7ubB4u0W/7Gl8=",
   "037kGJdt2VdTwcc4Yrk5j6Kiz5tP8P3+izDNlSCWFLc="
  ],
  "desc": "preceding root1",
  "wantErr": true
 },
 {
  "file": "consistency/4/preceding-root2.json",
  "size1": 6,
  "size2": 7,
  "root1": "duZ9rbzfHhDht03cYIq9L5jfsW+851J3tSMqEn8gh+8=",
  "root2": "3bib5AOAnjJXUNPSY814kpwpQreUKjS3fhIslZSnTIw=",
  "proof": [
   "3bib5AOAnjJXUNPSY814kpwpQreUKjS3fhIslZSnTIw=",
   "DrxdNDf74tsVi58Sah0RjjCBgQMdCpSfje3t68VY72o=",
   "sIaT7C5yFZcTBkHoIR5+7cy0wmQTlj7ubB4u0W/7Gl8=",
   "037kGJdt2VdTwcc4Yrk5j6Kiz5tP8P3+izDNlSCWFLc="
  ],
  "desc": "preceding root2",
  "wantErr": true
 },
 {
  "file": "consistency/4/size1-XOR-@2.json",
  "size1": 4,
  "size2": 7,
  "root1": "duZ9rbzfHhDht03cYIq9L5jfsW+851J3tSMqEn8gh+8=",
  "root2": "3bib5AOAnjJXUNPSY814kpwpQreUKjS3fhIslZSnTIw=",
  "proof": [
   "DrxdNDf74tsVi58Sah0RjjCBgQMdCpSfje3t68VY72o=",
   "sIaT7C5yFZcTBkHoIR5+7cy0wmQTlj7ubB4u0W/7Gl8=",
   "037kGJdt2VdTwcc4Yrk5j6Kiz5tP8P3+izDNlSCWFLc="
  ],
  "desc": "size1 XOR @2",
  "wantErr": true
 },
 {
  "file": "consistency/4/size1-plus-@1.json",
  "size1": 7,
  "size2": 7,
  "root1": "duZ9rbzfHhDht03cYIq9L5jfsW+851J3tSMqEn8gh+8=",
  "root2": "3bib5AOAnjJXUNPSY814kpwpQreUKjS3fhIslZSnTIw=",
  "proof": [
   "DrxdNDf74tsVi58Sah0RjjCBgQMdCpSfje3t68VY72o=",
   "sIaT7C5yFZcTBkHoIR5+7cy0wmQTlj7ubB4u0W/7Gl8=",
   "037kGJdt2VdTwcc4Yrk5j6Kiz5tP8P3+izDNlSCWFLc="
  ],
  "desc": "size1 plus @1",
  "wantErr": true
 },
 {
  "file": "consistency/4/size1-sub-@1.json",
  "size1": 5,
  "size2": 7,
  "root1": "duZ9rbzfHhDht03cYIq9L5jfsW+851J3tSMqEn8gh+8=",
  "root2": "3bib5AOAnjJXUNPSY814kpwpQreUKjS3fhIslZSnTIw=",
  "proof": [
   "DrxdNDf74tsVi58Sah0RjjCBgQMdCpSfje3t68VY72o=",
   "sIaT7C5yFZcTBkHoIR5+7cy0wmQTlj7ubB4u0W/7Gl8=",
   "037kGJdt2VdTwcc4Yrk5j6Kiz5tP8P3+izDNlSCWFLc="
  ],
  "desc": "size1 sub @1",
  "wantErr": true
 },
 {
  "file": "consistency/4/size2-div-@2.json",
  "size1": 6,
  "size2": 3,
  "root1": "duZ9rbzfHhDht03cYIq9L5jfsW+851J3tSMqEn8gh+8=",
  "root2": "3bib5AOAnjJXUNPSY814kpwpQreUKjS3fhIslZSnTIw=",
  "proof": [
   "DrxdNDf74tsVi58Sah0RjjCBgQMdCpSfje3t68VY72o=",
   "sIaT7C5yFZcTBkHoIR5+7cy0wmQTlj7ubB4u0W/7Gl8=",
   "037kGJdt2VdTwcc4Yrk5j6Kiz5tP8P3+izDNlSCWFLc="
  ],
  "desc": "size2 div @2",
  "wantErr": true
 },
 {
  "file": "consistency/4/size2-mul-@2.json",
  "size1": 6,
  "size2": 14,
  "root1": "duZ9rbzfHhDht03cYIq9L5jfsW+851J3tSMqEn8gh+8=",
  "root2": "3bib5AOAnjJXUNPSY814kpwpQreUKjS3fhIslZSnTIw=",
  "proof": [
   "DrxdNDf74tsVi58Sah0RjjCBgQMdCpSfje3t68VY72o=",
   "sIaT7C5yFZcTBkHoIR5+7cy0wmQTlj7ubB4u0W/7Gl8=",
   "037kGJdt2VdTwcc4Yrk5j6Kiz5tP8P3+izDNlSCWFLc="
  ],
  "desc": "size2 mul @2",
  "wantErr": true
 },
 {
  "file": "consistency/4/swapped-roots.json",
  "size1": 6,
  "size2": 7,
  "root1": "3bib5AOAnjJXUNPSY814kpwpQreUKjS3fhIslZSnTIw=",
  "root2": "duZ9rbzfHhDht03cYIq9L5jfsW+851J3tSMqEn8gh+8=",
  "proof": [
   "DrxdNDf74tsVi58Sah0RjjCBgQMdCpSfje3t68VY72o=",
   "sIaT7C5yFZcTBkHoIR5+7cy0wmQTlj7ubB4u0W/7Gl8=",
   "037kGJdt2VdTwcc4Yrk5j6Kiz5tP8P3+izDNlSCWFLc="
  ],
  "desc": "swapped roots",
  "wantErr": true
 },
 {
  "file": "consistency/4/trailing-garbage.json",
  "size1": 6,
  "size2": 7,
  "root1": "duZ9rbzfHhDht03cYIq9L5jfsW+851J3tSMqEn8gh+8=",
  "root2": "3bib5AOAnjJXUNPSY814kpwpQreUKjS3fhIslZSnTIw=",
  "proof": [
   "DrxdNDf74tsVi58Sah0RjjCBgQMdCpSfje3t68VY72o=",
   "sIaT7C5yFZcTBkHoIR5+7cy0wmQTlj7ubB4u0W/7Gl8=",
   "037kGJdt2VdTwcc4Yrk5j6Kiz5tP8P3+izDNlSCWFLc=",
   ""
  ],
  "desc": "trailing garbage",
  "wantErr": true
 },
 {
  "file": "consistency/4/trailing-root1.json",
  "size1": 6,
  "size2": 7,
  "root1": "duZ9rbzfHhDht03cYIq9L5jfsW+851J3tSMqEn8gh+8=",
  "root2": "3bib5AOAnjJXUNPSY814kpwpQreUKjS3fhIslZSnTIw=",
  "proof": [
   "DrxdNDf74tsVi58Sah0RjjCBgQMdCpSfje3t68VY72o=",
   "sIaT7C5yFZcTBkHoIR5+7cy0wmQTlj7ubB4u0W/7Gl8=",
   "037kGJdt2VdTwcc4Yrk5j6Kiz5tP8P3+izDNlSCWFLc=",
   "duZ9rbzfHhDht03cYIq9L5jfsW+851J3tSMqEn8gh+8="
  ],
  "desc": "trailing root1",
  "wantErr": true
 },
 {
  "file": "consistency/4/trailing-root2.json",
  "size1": 6,
  "size2": 7,
  "root1": "duZ9rbzfHhDht03cYIq9L5jfsW+851J3tSMqEn8gh+8=",
  "root2": "3bib5AOAnjJXUNPSY814kpwpQreUKjS3fhIslZSnTIw=",
  "proof": [
   "DrxdNDf74tsVi58Sah0RjjCBgQMdCpSfje3t68VY72o=",
   "sIaT7C5yFZcTBkHoIR5+7cy0wmQTlj7ubB4u0W/7Gl8=",
   "037kGJdt2VdTwcc4Yrk5j6Kiz5tP8P3+izDNlSCWFLc=",
   "3bib5AOAnjJXUNPSY814kpwpQreUKjS3fhIslZSnTIw="
  ],
  "desc": "trailing root2",
  "wantErr": true
 },
 {
  "file": "consistency/4/truncated-proof.json",
  "size1": 6,
  "size2": 7,
  "root1": "duZ9rbzfHhDht03cYIq9L5jfsW+851J3tSMqEn8gh+8=",
  "root2": "3bib5AOAnjJXUNPSY814kpwpQreUKjS3fhIslZSnTIw=",
  "proof": [
   "DrxdNDf74tsVi58Sah0RjjCBgQMdCpSfje3t68VY72o=",
   "sIaT7C5yFZcTBkHoIR5+7cy0wmQTlj7ubB4u0W/7Gl8="
  ],
  "desc": "truncated proof",
  "wantErr": true
 },
 {
  "file": "consistency/4/wrong-root1.json",
  "size1": 6,
  "size2": 7,
  "root1": "V3JvbmdSb290",
  "root2": "3bib5AOAnjJXUNPSY814kpwpQreUKjS3fhIslZSnTIw=",
  "proof": [
   "DrxdNDf74tsVi58Sah0RjjCBgQMdCpSfje3t68VY72o=",
   "sIaT7C5yFZcTBkHoIR5+7cy0wmQTlj7ubB4u0W/7Gl8=",
   "037kGJdt2VdTwcc4Yrk5j6Kiz5tP8P3+izDNlSCWFLc="
  ],
  "desc": "wrong root1",
  "wantErr": true
 },
 {
  "file": "consistency/4/wrong-root2.json",
  "size1": 6,
  "size2": 7,
  "root1": "duZ9rbzfHhDht03cYIq9L5jfsW+851J3tSMqEn8gh+8=",
  "root2": "V3JvbmdSb290",
  "proof": [
   "DrxdNDf74tsVi58Sah0RjjCBgQMdCpSfje3t68VY72o=",
   "sIaT7C5yFZcTBkHoIR5+7cy0wmQTlj7ubB4u0W/7Gl8=",
   "037kGJdt2VdTwcc4Yrk5j6Kiz5tP8P3+izDNlSCWFLc="
  ],
  "desc": "wrong root2",
  "wantErr": true
 },
 {
  "file": "consistency/additional/consistency-check-on-empty-tree-size1-is-zero-is-useless.json",
  "size1": 0,
  "size2": 1,
  "root1": "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=",
  "root2": "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=",
  "proof": [
   "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="
  ],
  "desc": "consistency check on empty tree (size1 is zero) is useless",
  "wantErr": true
 },
 {
  "file": "consistency/additional/roots-do-not-match-and-sizes-are-zero.json",
  "size1": 0,
  "size2": 0,
  "root1": "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=",
  "root2": "ZG9uJ3QgY2FyZSAy",
  "proof": [],
  "desc": "roots do not match and sizes are zero",
  "wantErr": true
 },
 {
  "file": "consistency/additional/roots-do-not-not-match-and-sizes-are-one.json",
  "size1": 1,
  "size2": 1,
  "root1": "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=",
  "root2": "ZG9uJ3QgY2FyZSAy",
  "proof": [],
  "desc": "roots do not not match and sizes are one",
  "wantErr": true
 },
 {
  "file": "consistency/additional/size1-is-greater-than-size2-again.json",
  "size1": 2,
  "size2": 1,
  "root1": "ZG9uJ3QgY2FyZSAx",
  "root2": "ZG9uJ3QgY2FyZSAy",
  "proof": [],
  "desc": "size1 is greater than size2 again",
  "wantErr": true
 },
 {
  "file": "consistency/additional/size1-is-greater-than-size2.json",
  "size1": 1,
  "size2": 0,
  "root1": "ZG9uJ3QgY2FyZSAx",
  "root2": "ZG9uJ3QgY2FyZSAy",
  "proof": [],
  "desc": "size1 is greater than size2",
  "wantErr": true
 },
 {
  "file": "consistency/additional/size1-is-zero-and-does-not-equal-size2.json",
  "size1": 0,
  "size2": 1,
  "root1": "ZG9uJ3QgY2FyZSAx",
  "root2": "ZG9uJ3QgY2FyZSAy",
  "proof": [],
  "desc": "size1 is zero and does not equal size2",
  "wantErr": true
 },
 {
  "file": "consistency/additional/size1-is-zero-and-size2-is-not-zero.json",
  "size1": 0,
  "size2": 1,
  "root1": "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=",
  "root2": "ZG9uJ3QgY2FyZSAy",
  "proof": [],
  "desc": "size1 is zero and size2 is not zero",
  "wantErr": true
 },
 {
  "file": "consistency/additional/sizes-are-equal-one-and-proof-is-empty.json",
  "size1": 1,
  "size2": 1,
  "root1": "ZG9uJ3QgY2FyZSAy",
  "root2": "ZG9uJ3QgY2FyZSAy",
  "proof": [],
  "desc": "sizes are equal (one) and proof is empty",
  "wantErr": false
 },
 {
  "file": "consistency/additional/sizes-are-equal-one-but-roots-are-not.json",
  "size1": 1,
  "size2": 1,
  "root1": "ZG9uJ3QgY2FyZSAx",
  "root2": "ZG9uJ3QgY2FyZSAy",
  "proof": [],
  "desc": "sizes are equal (one) but roots are not",
  "wantErr": true
 },
 {
  "file": "consistency/additional/sizes-are-equal-zero-and-proof-is-empty.json",
  "size1": 0,
  "size2": 0,
  "root1": "ZG9uJ3QgY2FyZSAx",
  "root2": "ZG9uJ3QgY2FyZSAx",
  "proof": [],
  "desc": "sizes are equal (zero) and proof is empty",
  "wantErr": true
 },
 {
  "file": "consistency/additional/sizes-are-equal-zero-but-roots-are-not.json",
  "size1": 0,
  "size2": 0,
  "root1": "ZG9uJ3QgY2FyZSAx",
  "root2": "ZG9uJ3QgY2FyZSAy",
  "proof": [],
  "desc": "sizes are equal (zero) but roots are not",
  "wantErr": true
 },
 {
  "file": "consistency/additional/sizes-do-not-watch-and-proof-is-empty.json",
  "size1": 1,
  "size2": 2,
  "root1": "ZG9uJ3QgY2FyZSAx",
  "root2": "ZG9uJ3QgY2FyZSAy",
  "proof": [],
  "desc": "sizes do not watch and proof is empty",
  "wantErr": true
 },
 {
  "file": "consistency/additional/sizes-match-but-proof-is-not-empty-and-sizes-are-one.json",
  "size1": 1,
  "size2": 1,
  "root1": "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=",
  "root2": "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=",
  "proof": [
   "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="
  ],
  "desc": "sizes match but proof is not empty and sizes are one",
  "wantErr": true
 },
 {
  "file": "consistency/additional/sizes-match-but-proof-is-not-empty-and-sizes-are-zero.json",
  "size1": 0,
  "size2": 0,
  "root1": "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=",
  "root2": "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=",
  "proof": [
   "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="
  ],
  "desc": "sizes match but proof is not empty and sizes are zero",
  "wantErr": true
 }
];
