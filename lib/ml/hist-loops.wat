;; The per-node and per-round loops of histogram boosting (hist-builder.ts), in WebAssembly text.
;;
;; Why not TypeScript: V8's optimised code for `hist[q] += g` on typed arrays re-checks each array's map, reloads
;; its base and length and checks the bound on every iteration; measured on the histogram loop (bench/hist-loop.ts)
;; it runs at 4–11 ns per bin update against 1.3–1.9 ns here, 1.7–1.8 ns for sklearn's Cython loop on the same bins
;; and 1.7 ns for the same loop in C (gcc -O2).
;; WebAssembly addresses one linear memory with the bound checked by guard pages, so none of that is paid. And
;; V8's Math.exp costs ~33 ns a call here, which made the log-loss gradients 1 s of a 6 s fit; $exp_neg below
;; costs a few ns.
;; lib/ml/hist-loops-wasm.ts holds this file assembled (npm run build:wasm); a unit test re-assembles it and checks
;; the two agree, and hist-builder.test.ts checks each loop against sums and values worked out independently.
;;
;; Layout (byte addresses in the shared memory, see allocateBuffers in hist-builder.ts):
;;   bins       n × d uint8, column-major: bin of row i in feature f at bins + f·n + i
;;   rows       int32 row ids; each node's rows contiguous and ascending
;;   gh         (g, h) f64 pairs per row: row i at gh + 16i
;;   ghOrd      (g, h) f64 pairs in node order: the pair of rows[k] at ghOrd + 16k
;;   margin, y, leafValue   f64 per row (leafValue: per position k, like rows)
;;   tmp        int32, the partition's scratch
;;   offs       int32 first histogram slot of each feature (d + 1 values)
;;   hist       (Σg, Σh, count) f64 triples: slot s at hist + 24s
;; Every loop works on a range [start, end) of rows or positions, so threads can split the rows (or, for the
;; histogram, the features) between them.
(module
  (import "env" "memory" (memory 1 65536 shared))

  ;; ---- histogram ----------------------------------------------------------------------------------------------
  ;; Features are taken two at a time (then one): each row's g and h and its row id are read once per pair. Every
  ;; bin adds the node's rows in order k = start, start + 1, …, so the sums are bit-for-bit those of a plain loop
  ;; over one feature at a time, whatever the grouping or the threads' feature ranges.

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

  ;; hist ← (Σg, Σh, count) per bin of features [fLo, fHi) over rows[start..end) (identity ≠ 0: rows[k] = k), from
  ;; the g, h pairs in node order at ghOrd. Only those features' slots are written (zeroed first): threads with
  ;; disjoint feature ranges share hist.
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

  ;; ---- split finding --------------------------------------------------------------------------------------------

  ;; parent[k] −= small[k] for k < count (f64): the larger child's histogram from its parent's and its sibling's.
  (func (export "subtract") (param $a i32) (param $b i32) (param $count i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $a) (i32.shl (local.get $count) (i32.const 3))))
    (block $done
      (loop $k
        (br_if $done (i32.ge_u (local.get $a) (local.get $end)))
        (f64.store (local.get $a) (f64.sub (f64.load (local.get $a)) (f64.load (local.get $b))))
        (local.set $a (i32.add (local.get $a) (i32.const 8)))
        (local.set $b (i32.add (local.get $b) (i32.const 8)))
        (br $k))))

  ;; The best split of a node over features [fLo, fHi) of its histogram: for each feature and each bin b but the
  ;; last, "bin <= b" goes left; children need count >= minLeaf and hessian sum >= minHess;
  ;;   gain = G_L²/(H_L + λ) + G_R²/(H_R + λ) − G²/(H + λ)
  ;; must beat 0 and every earlier candidate (strictly: ties keep the lowest feature, then the lowest bin).
  ;; Writes (gain, feature, bin, G_L, H_L, count_L) as six f64 at out and returns the feature, or −1 (no split).
  (func (export "bestSplit") (param $hist i32) (param $offs i32) (param $fLo i32) (param $fHi i32) (param $G f64)
        (param $H f64) (param $C f64) (param $minLeaf f64) (param $minHess f64) (param $lambda f64) (param $out i32)
        (result i32)
    (local $f i32) (local $b i32) (local $last i32) (local $s i32)
    (local $gl f64) (local $hl f64) (local $cl f64) (local $gr f64) (local $hr f64) (local $gain f64)
    (local $parent f64) (local $best f64) (local $bf i32) (local $bb i32) (local $bgl f64) (local $bhl f64)
    (local $bcl f64)
    (local.set $parent (f64.div (f64.mul (local.get $G) (local.get $G)) (f64.add (local.get $H) (local.get $lambda))))
    (local.set $bf (i32.const -1))
    (local.set $bb (i32.const -1))
    (local.set $f (local.get $fLo))
    (block $features_done
      (loop $features
        (br_if $features_done (i32.ge_s (local.get $f) (local.get $fHi)))
        (local.set $gl (f64.const 0))
        (local.set $hl (f64.const 0))
        (local.set $cl (f64.const 0))
        (local.set $s (call $slot (local.get $hist) (local.get $offs) (local.get $f)))
        ;; bins of feature f: offs[f + 1] − offs[f]; the last bin is never a threshold
        (local.set $last (i32.sub (i32.sub
          (i32.load offset=4 (i32.add (local.get $offs) (i32.shl (local.get $f) (i32.const 2))))
          (i32.load (i32.add (local.get $offs) (i32.shl (local.get $f) (i32.const 2))))) (i32.const 1)))
        (local.set $b (i32.const 0))
        (block $bins_done
          (loop $bins
            (br_if $bins_done (i32.ge_s (local.get $b) (local.get $last)))
            (local.set $gl (f64.add (local.get $gl) (f64.load (local.get $s))))
            (local.set $hl (f64.add (local.get $hl) (f64.load offset=8 (local.get $s))))
            (local.set $cl (f64.add (local.get $cl) (f64.load offset=16 (local.get $s))))
            (if (i32.eqz (i32.or (f64.lt (local.get $cl) (local.get $minLeaf)) (f64.lt (local.get $hl) (local.get $minHess))))
              (then
                (local.set $hr (f64.sub (local.get $H) (local.get $hl)))
                ;; the right side only shrinks from here on: stop at the first bin that leaves it too small
                (br_if $bins_done (i32.or
                  (f64.lt (f64.sub (local.get $C) (local.get $cl)) (local.get $minLeaf))
                  (f64.lt (local.get $hr) (local.get $minHess))))
                (local.set $gr (f64.sub (local.get $G) (local.get $gl)))
                (local.set $gain (f64.sub
                  (f64.add
                    (f64.div (f64.mul (local.get $gl) (local.get $gl)) (f64.add (local.get $hl) (local.get $lambda)))
                    (f64.div (f64.mul (local.get $gr) (local.get $gr)) (f64.add (local.get $hr) (local.get $lambda))))
                  (local.get $parent)))
                (if (f64.gt (local.get $gain) (local.get $best))
                  (then
                    (local.set $best (local.get $gain))
                    (local.set $bf (local.get $f))
                    (local.set $bb (local.get $b))
                    (local.set $bgl (local.get $gl))
                    (local.set $bhl (local.get $hl))
                    (local.set $bcl (local.get $cl))))))
            (local.set $s (i32.add (local.get $s) (i32.const 24)))
            (local.set $b (i32.add (local.get $b) (i32.const 1)))
            (br $bins)))
        (local.set $f (i32.add (local.get $f) (i32.const 1)))
        (br $features)))
    (f64.store (local.get $out) (local.get $best))
    (f64.store offset=8 (local.get $out) (f64.convert_i32_s (local.get $bf)))
    (f64.store offset=16 (local.get $out) (f64.convert_i32_s (local.get $bb)))
    (f64.store offset=24 (local.get $out) (local.get $bgl))
    (f64.store offset=32 (local.get $out) (local.get $bhl))
    (f64.store offset=40 (local.get $out) (local.get $bcl))
    (local.get $bf))

  ;; ---- row loops ----------------------------------------------------------------------------------------------

  ;; ghOrd[k] ← gh[rows[k]] (the g, h pair) for k in [start, end): a node's g and h gathered into node order.
  (func (export "gather") (param $rows i32) (param $gh i32) (param $ghOrd i32) (param $k i32) (param $end i32)
    (local $src i32) (local $dst i32)
    (if (i32.ge_s (local.get $k) (local.get $end)) (then (return)))
    (local.set $rows (i32.add (local.get $rows) (i32.shl (local.get $k) (i32.const 2))))
    (local.set $dst (i32.add (local.get $ghOrd) (i32.shl (local.get $k) (i32.const 4))))
    (loop $row
      (local.set $src (i32.add (local.get $gh) (i32.shl (i32.load (local.get $rows)) (i32.const 4))))
      (i64.store (local.get $dst) (i64.load (local.get $src)))
      (i64.store offset=8 (local.get $dst) (i64.load offset=8 (local.get $src)))
      (local.set $rows (i32.add (local.get $rows) (i32.const 4)))
      (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br_if $row (i32.lt_s (local.get $k) (local.get $end)))))

  ;; margin[rows[k]] += leafValue[k] for k in [start, end) (each row once: rows is a permutation).
  (func (export "addLeafValues") (param $rows i32) (param $leafValue i32) (param $margin i32) (param $k i32)
        (param $end i32)
    (local $m i32)
    (if (i32.ge_s (local.get $k) (local.get $end)) (then (return)))
    (loop $row
      (local.set $m (i32.add (local.get $margin)
        (i32.shl (i32.load (i32.add (local.get $rows) (i32.shl (local.get $k) (i32.const 2)))) (i32.const 3))))
      (f64.store (local.get $m) (f64.add (f64.load (local.get $m))
        (f64.load (i32.add (local.get $leafValue) (i32.shl (local.get $k) (i32.const 3))))))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br_if $row (i32.lt_s (local.get $k) (local.get $end)))))

  ;; Stable partition of rows[start..end) by bin(f) <= b, within that range: the rows going left are compacted to
  ;; rows[start..start + L) and the others written to tmp[start..end − L), both in their old order; returns L.
  ;; Branch-free: every row is written to both sides and only the side it belongs to advances (a split sends rows
  ;; left or right at random, so a branch here is mispredicted about half the time).
  (func (export "partition") (param $bins i32) (param $n i32) (param $rows i32) (param $tmp i32) (param $start i32)
        (param $end i32) (param $f i32) (param $b i32) (result i32)
    (local $col i32) (local $k i32) (local $l i32) (local $r i32) (local $row i32) (local $right i32)
    (local.set $col (i32.add (local.get $bins) (i32.mul (local.get $f) (local.get $n))))
    (local.set $l (local.get $start))
    (local.set $r (local.get $start))
    (local.set $k (local.get $start))
    (if (i32.lt_s (local.get $k) (local.get $end))
      (then
        (loop $row
          (local.set $row (i32.load (i32.add (local.get $rows) (i32.shl (local.get $k) (i32.const 2)))))
          (local.set $right
            (i32.gt_u (i32.load8_u (i32.add (local.get $col) (local.get $row))) (local.get $b)))
          (i32.store (i32.add (local.get $rows) (i32.shl (local.get $l) (i32.const 2))) (local.get $row))
          (i32.store (i32.add (local.get $tmp) (i32.shl (local.get $r) (i32.const 2))) (local.get $row))
          (local.set $l (i32.sub (i32.add (local.get $l) (i32.const 1)) (local.get $right)))
          (local.set $r (i32.add (local.get $r) (local.get $right)))
          (local.set $k (i32.add (local.get $k) (i32.const 1)))
          (br_if $row (i32.lt_s (local.get $k) (local.get $end))))))
    (i32.sub (local.get $l) (local.get $start)))

  ;; e^x for x <= 0 (NaN stays NaN): x = k·ln 2 + r with k an integer and |r| <= ln 2 / 2 (ln 2 split in two parts as
  ;; in fdlibm, so k·ln2_hi is exact), e^r by its Taylor series to r^13 (the first term left out is below
  ;; 0.347^14 / 14! = 4e-18, under a twentieth of the rounding unit), times 2^k built from its exponent bits. Within
  ;; 2 units in the last place of Math.exp (unit test); 0 below −708 (where e^x < 2^-1021: a sigmoid of that margin
  ;; is 0 to double precision anyway, and Math.exp would need subnormals).
  (func $exp_neg (export "expNeg") (param $x f64) (result f64)
    (local $k f64) (local $r f64) (local $r2 f64) (local $r4 f64)
    (if (f64.lt (local.get $x) (f64.const -708)) (then (return (f64.const 0))))
    (local.set $k (f64.nearest (f64.mul (local.get $x) (f64.const 1.4426950408889634))))
    (local.set $r (f64.sub
      (f64.sub (local.get $x) (f64.mul (local.get $k) (f64.const 6.93147180369123816490e-01)))
      (f64.mul (local.get $k) (f64.const 1.90821492927058770002e-10))))
    (local.set $r2 (f64.mul (local.get $r) (local.get $r)))
    (local.set $r4 (f64.mul (local.get $r2) (local.get $r2)))
    ;; Σ r^j / j!, j = 0..13 (constants 1/j! rounded to double) as 1 + (r + r²·T(r)), T = Σ r^(j−2) / j!, j = 2..13,
    ;; by Estrin's scheme: pairs (c_j + c_j+1·r) joined by r², r⁴ and r⁸, a dependency chain of ~8 operations
    ;; instead of Horner's 26; adding 1 and r last keeps the rounding error within 2 units in the last place
    (f64.mul
      (f64.add (f64.const 1) (f64.add (local.get $r) (f64.mul (local.get $r2)
        (f64.add
          (f64.add
            (f64.add (f64.add (f64.const 0.5) (f64.mul (local.get $r) (f64.const 0.16666666666666666))) (f64.mul (local.get $r2) (f64.add (f64.const 0.041666666666666664) (f64.mul (local.get $r) (f64.const 0.008333333333333333)))))
            (f64.mul (local.get $r4) (f64.add (f64.add (f64.const 0.001388888888888889) (f64.mul (local.get $r) (f64.const 0.0001984126984126984))) (f64.mul (local.get $r2) (f64.add (f64.const 2.48015873015873e-05) (f64.mul (local.get $r) (f64.const 2.7557319223985893e-06)))))))
          (f64.mul (f64.mul (local.get $r4) (local.get $r4))
            (f64.add (f64.add (f64.const 2.755731922398589e-07) (f64.mul (local.get $r) (f64.const 2.505210838544172e-08))) (f64.mul (local.get $r2) (f64.add (f64.const 2.08767569878681e-09) (f64.mul (local.get $r) (f64.const 1.6059043836821613e-10))))))))))
      (f64.reinterpret_i64
        (i64.shl (i64.add (i64.trunc_sat_f64_s (local.get $k)) (i64.const 1023)) (i64.const 52)))))

  ;; Log-loss gradient and hessian at the margins z, rows [start, end): p = sigmoid(z) (= 1/(1 + e^−z) for z >= 0,
  ;; e^z/(1 + e^z) below, so e^… never overflows), g = p − y, h = p(1 − p), written to gh and, for the root's
  ;; histogram, to ghOrd (rows in identity order at the root).
  (func (export "logLoss") (param $margin i32) (param $y i32) (param $gh i32) (param $ghOrd i32) (param $i i32)
        (param $end i32)
    (local $z f64) (local $e f64) (local $p f64) (local $g f64) (local $h f64) (local $a i32)
    (if (i32.ge_s (local.get $i) (local.get $end)) (then (return)))
    (loop $row
      (local.set $z (f64.load (i32.add (local.get $margin) (i32.shl (local.get $i) (i32.const 3)))))
      (local.set $e (call $exp_neg (f64.neg (f64.abs (local.get $z)))))
      (local.set $p (select
        (f64.div (f64.const 1) (f64.add (f64.const 1) (local.get $e)))
        (f64.div (local.get $e) (f64.add (f64.const 1) (local.get $e)))
        (f64.ge (local.get $z) (f64.const 0))))
      (local.set $g (f64.sub (local.get $p) (f64.load (i32.add (local.get $y) (i32.shl (local.get $i) (i32.const 3))))))
      (local.set $h (f64.mul (local.get $p) (f64.sub (f64.const 1) (local.get $p))))
      (local.set $a (i32.shl (local.get $i) (i32.const 4)))
      (f64.store (i32.add (local.get $gh) (local.get $a)) (local.get $g))
      (f64.store offset=8 (i32.add (local.get $gh) (local.get $a)) (local.get $h))
      (f64.store (i32.add (local.get $ghOrd) (local.get $a)) (local.get $g))
      (f64.store offset=8 (i32.add (local.get $ghOrd) (local.get $a)) (local.get $h))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $row (i32.lt_s (local.get $i) (local.get $end)))))
)
