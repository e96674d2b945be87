//! aws-sdk-cloudwatch 1.100.0 and later speak Smithy RPCv2-CBOR, which moto (our test
//! emulator) cannot serve: the crate stays at 1.99.0 (awsQuery) in the manifest and the lock.

fn locked_version(lock: &str, name: &str) -> Option<String> {
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == format!("name = \"{name}\"") {
            return lines
                .next()?
                .strip_prefix("version = \"")?
                .strip_suffix('"')
                .map(str::to_owned);
        }
    }
    None
}

#[test]
fn cloudwatch_sdk_stays_on_the_last_awsquery_release() {
    let root = env!("CARGO_MANIFEST_DIR");
    let lock = std::fs::read_to_string(format!("{root}/Cargo.lock")).unwrap();
    assert_eq!(
        locked_version(&lock, "aws-sdk-cloudwatch").as_deref(),
        Some("1.99.0"),
        "Cargo.lock moved aws-sdk-cloudwatch off 1.99.0; later releases speak CBOR, which moto cannot serve"
    );
    let manifest = std::fs::read_to_string(format!("{root}/Cargo.toml")).unwrap();
    assert!(
        manifest
            .lines()
            .filter(|l| l.starts_with("aws-sdk-cloudwatch"))
            .all(|l| l.contains("\"=1.99.0\"")),
        "Cargo.toml must pin aws-sdk-cloudwatch = \"=1.99.0\""
    );
}
