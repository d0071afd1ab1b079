;; The histogram loop of histogram boosting (hist-builder.ts), in WebAssembly text.
;;
;; Why not TypeScript: V8's optimised code for `hist[q] += g` on typed arrays re-checks each array's map, reloads
;; its base and length and checks the bound on every iteration; measured on this loop it runs at ~5 ns per bin
;; update against 1.7 ns for the same loop in C (gcc -O2) and ~1.6 ns here (sklearn's Cython loop: 1.3–1.7 ns).
;; WebAssembly addresses one linear memory with the bound checked by guard pages, so none of that is paid.
;; lib/ml/histogram-wasm.ts holds this file assembled (npm run build:wasm); a unit test re-assembles it and checks
;; the two agree, and checks the loop against a plain TypeScript sum.
;;
;; Layout (byte addresses in the shared memory, see hist-builder.ts):
;;   bins  n × d uint8, column-major: bin of row i in feature f at bins + f·n + i
;;   rows  int32 row ids of the nodes, ascending within a node
;;   gh    (g, h) f64 pairs in node order: the pair of rows[k] at gh + 16k
;;   offs  int32 first histogram slot of each feature (d + 1 values)
;;   hist  (Σg, Σh, count) f64 triples: slot s at hist + 24s
;; Features are taken two at a time (then one): each row's g and h and its row id are read once per pair. Every
;; bin adds the node's rows in order k = start, start + 1, …, so the sums are bit-for-bit those of a plain loop
;; over one feature at a time, whatever the grouping or the threads' feature ranges.
(module
  (import "env" "memory" (memory 1 65536 shared))

  ;; Two features: columns c0, c1, histograms h0, h1; identity = 1 reads row k itself (the root).
  (func $pair (param $c0 i32) (param $c1 i32) (param $rows i32) (param $p i32) (param $k i32) (param $end i32)
              (param $h0 i32) (param $h1 i32) (param $identity i32)
    (local $r i32) (local $g f64) (local $h f64) (local $q0 i32) (local $q1 i32)
    (if (i32.ge_s (local.get $k) (local.get $end)) (then (return)))
    (local.set $p (i32.add (local.get $p) (i32.shl (local.get $k) (i32.const 4))))
    (local.set $rows (i32.add (local.get $rows) (i32.shl (local.get $k) (i32.const 2))))
    (loop $row
      (if (local.get $identity)
        (then (local.set $r (local.get $k)))
        (else (local.set $r (i32.load (local.get $rows)))))
      (local.set $g (f64.load (local.get $p)))
      (local.set $h (f64.load offset=8 (local.get $p)))
      (local.set $q0 (i32.add (local.get $h0)
        (i32.mul (i32.load8_u (i32.add (local.get $c0) (local.get $r))) (i32.const 24))))
      (local.set $q1 (i32.add (local.get $h1)
        (i32.mul (i32.load8_u (i32.add (local.get $c1) (local.get $r))) (i32.const 24))))
      (f64.store (local.get $q0) (f64.add (f64.load (local.get $q0)) (local.get $g)))
      (f64.store offset=8 (local.get $q0) (f64.add (f64.load offset=8 (local.get $q0)) (local.get $h)))
      (f64.store offset=16 (local.get $q0) (f64.add (f64.load offset=16 (local.get $q0)) (f64.const 1)))
      (f64.store (local.get $q1) (f64.add (f64.load (local.get $q1)) (local.get $g)))
      (f64.store offset=8 (local.get $q1) (f64.add (f64.load offset=8 (local.get $q1)) (local.get $h)))
      (f64.store offset=16 (local.get $q1) (f64.add (f64.load offset=16 (local.get $q1)) (f64.const 1)))
      (local.set $p (i32.add (local.get $p) (i32.const 16)))
      (local.set $rows (i32.add (local.get $rows) (i32.const 4)))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br_if $row (i32.lt_s (local.get $k) (local.get $end)))))

  ;; One feature: column c, histogram h0.
  (func $one (param $c i32) (param $rows i32) (param $p i32) (param $k i32) (param $end i32) (param $h0 i32)
             (param $identity i32)
    (local $r i32) (local $q i32)
    (if (i32.ge_s (local.get $k) (local.get $end)) (then (return)))
    (local.set $p (i32.add (local.get $p) (i32.shl (local.get $k) (i32.const 4))))
    (local.set $rows (i32.add (local.get $rows) (i32.shl (local.get $k) (i32.const 2))))
    (loop $row
      (if (local.get $identity)
        (then (local.set $r (local.get $k)))
        (else (local.set $r (i32.load (local.get $rows)))))
      (local.set $q (i32.add (local.get $h0)
        (i32.mul (i32.load8_u (i32.add (local.get $c) (local.get $r))) (i32.const 24))))
      (f64.store (local.get $q) (f64.add (f64.load (local.get $q)) (f64.load (local.get $p))))
      (f64.store offset=8 (local.get $q) (f64.add (f64.load offset=8 (local.get $q)) (f64.load offset=8 (local.get $p))))
      (f64.store offset=16 (local.get $q) (f64.add (f64.load offset=16 (local.get $q)) (f64.const 1)))
      (local.set $p (i32.add (local.get $p) (i32.const 16)))
      (local.set $rows (i32.add (local.get $rows) (i32.const 4)))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br_if $row (i32.lt_s (local.get $k) (local.get $end)))))

  ;; Histogram slot address of feature f.
  (func $slot (param $hist i32) (param $offs i32) (param $f i32) (result i32)
    (i32.add (local.get $hist)
      (i32.mul (i32.load (i32.add (local.get $offs) (i32.shl (local.get $f) (i32.const 2)))) (i32.const 24))))

  ;; hist ← (Σg, Σh, count) per bin of features [fLo, fHi) over rows[start..end) (identity ≠ 0: rows[k] = k).
  ;; Only those features' slots are written (zeroed first): threads with disjoint feature ranges share hist.
  (func (export "histogram") (param $bins i32) (param $n i32) (param $rows i32) (param $gh i32) (param $start i32)
        (param $end i32) (param $fLo i32) (param $fHi i32) (param $offs i32) (param $hist i32) (param $identity i32)
    (local $f i32) (local $lo i32)
    (local.set $lo (call $slot (local.get $hist) (local.get $offs) (local.get $fLo)))
    (memory.fill (local.get $lo) (i32.const 0)
      (i32.sub (call $slot (local.get $hist) (local.get $offs) (local.get $fHi)) (local.get $lo)))
    (local.set $f (local.get $fLo))
    (block $pairs_done
      (loop $pairs
        (br_if $pairs_done (i32.gt_s (i32.add (local.get $f) (i32.const 2)) (local.get $fHi)))
        (call $pair
          (i32.add (local.get $bins) (i32.mul (local.get $f) (local.get $n)))
          (i32.add (local.get $bins) (i32.mul (i32.add (local.get $f) (i32.const 1)) (local.get $n)))
          (local.get $rows) (local.get $gh) (local.get $start) (local.get $end)
          (call $slot (local.get $hist) (local.get $offs) (local.get $f))
          (call $slot (local.get $hist) (local.get $offs) (i32.add (local.get $f) (i32.const 1)))
          (local.get $identity))
        (local.set $f (i32.add (local.get $f) (i32.const 2)))
        (br $pairs)))
    (if (i32.lt_s (local.get $f) (local.get $fHi))
      (then
        (call $one
          (i32.add (local.get $bins) (i32.mul (local.get $f) (local.get $n)))
          (local.get $rows) (local.get $gh) (local.get $start) (local.get $end)
          (call $slot (local.get $hist) (local.get $offs) (local.get $f))
          (local.get $identity)))))
)
