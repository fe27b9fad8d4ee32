//! Go's `math.Pow`, for constant folding as Loki does it.

/// Go's `math.Pow`, whose repeated squaring for integer exponents rounds
/// differently from the C library (`10 ^ 220` is 1.0000000000000005e+220).
pub fn go_pow(x: f64, y: f64) -> f64 {
    if let Some(v) = pow_special(x, y) {
        return v;
    }
    pow_general(x, y)
}

/// `math.Pow`'s special cases.
fn pow_special(x: f64, y: f64) -> Option<f64> {
    let odd_int = |y: f64| y.fract() == 0.0 && (y.abs() < 9.007199254740992e15) && (y as i64) % 2 != 0;
    match () {
        _ if y == 0.0 || x == 1.0 => return Some(1.0),
        _ if y == 1.0 => return Some(x),
        _ if x.is_nan() || y.is_nan() => return Some(f64::NAN),
        _ if x == 0.0 => {
            let neg = x.is_sign_negative() && odd_int(y);
            return Some(match (y < 0.0, neg) {
                (true, true) => f64::NEG_INFINITY,
                (true, false) => f64::INFINITY,
                (false, true) => x,
                (false, false) => 0.0,
            });
        }
        _ if y.is_infinite() => {
            return Some(if x == -1.0 {
                1.0
            } else if (x.abs() < 1.0) == (y > 0.0) {
                0.0
            } else {
                f64::INFINITY
            });
        }
        _ if x.is_infinite() => {
            if x < 0.0 {
                return Some(go_pow(1.0 / x, -y));
            }
            return Some(if y < 0.0 { 0.0 } else { f64::INFINITY });
        }
        _ if y == 0.5 => return Some(x.sqrt()),
        _ if y == -0.5 => return Some(1.0 / x.sqrt()),
        _ => {}
    }
    None
}

/// `math.Pow` by repeated squaring for the integer part of the exponent.
fn pow_general(x: f64, y: f64) -> f64 {
    let (mut yi, mut yf) = (y.abs().trunc(), y.abs().fract());
    if yf != 0.0 && x < 0.0 {
        return f64::NAN;
    }
    if yi >= (1u64 << 63) as f64 {
        return if x == -1.0 {
            1.0
        } else if (x.abs() < 1.0) == (y > 0.0) {
            0.0
        } else {
            f64::INFINITY
        };
    }
    let (mut a1, mut ae) = (1.0f64, 0i64);
    if yf != 0.0 {
        if yf > 0.5 {
            yf -= 1.0;
            yi += 1.0;
        }
        // (Go's own Exp and Log may differ from these in the last bit)
        a1 = (yf * x.ln()).exp();
    }
    let (mut x1, mut xe) = frexp(x);
    let mut i = yi as i64;
    while i != 0 {
        if !(-(1 << 12)..=(1 << 12)).contains(&xe) {
            ae += xe;
            break;
        }
        if i & 1 == 1 {
            a1 *= x1;
            ae += xe;
        }
        x1 *= x1;
        xe <<= 1;
        if x1 < 0.5 {
            x1 += x1;
            xe -= 1;
        }
        i >>= 1;
    }
    if y < 0.0 {
        a1 = 1.0 / a1;
        ae = -ae;
    }
    ldexp(a1, ae)
}

/// Go's `math.Frexp`: `x = frac * 2^exp` with `frac` in [0.5, 1).
fn frexp(x: f64) -> (f64, i64) {
    if x == 0.0 || !x.is_finite() {
        return (x, 0);
    }
    let (x, e) = if x.abs() < f64::MIN_POSITIVE {
        (x * 2f64.powi(52), -52)
    } else {
        (x, 0)
    };
    let bits = x.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i64 - 1022 + e;
    let frac = f64::from_bits((bits & !(0x7ff << 52)) | (1022 << 52));
    (frac, exp)
}

/// `frac * 2^exp`, in steps that cannot overflow on the way.
fn ldexp(frac: f64, exp: i64) -> f64 {
    let mut v = frac;
    let mut e = exp.clamp(-2200, 2200);
    while e != 0 {
        let step = e.clamp(-1000, 1000);
        v *= 2f64.powi(step as i32);
        e -= step;
    }
    v
}

#[cfg(test)]
mod tests {
    use super::go_pow;

    #[test]
    fn pow_like_go() {
        assert_eq!(go_pow(10.0, 220.0), 1.0000000000000005e220);
        assert_eq!(go_pow(2.0, 10.0), 1024.0);
        assert_eq!(go_pow(2.0, -1.0), 0.5);
        assert_eq!(go_pow(2.0, 1024.0), f64::INFINITY);
    }
}
