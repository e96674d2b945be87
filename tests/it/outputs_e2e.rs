//! What a scheduled audit keeps: `--output-dir` writes every format and the snapshot named by
//! collection time, `--redact` masks the account id everywhere, `--fail-on-savings` exits 4,
//! and no output or log ever holds the credentials the run used.

use crate::support::{Moto, ACCESS_KEY, SECRET_KEY};

#[test]
fn output_dir_redaction_exit_4_and_no_secrets_anywhere() {
    let moto = Moto::start();
    moto.seed("seed.py", &["--days", "1", "--bulk-albs", "0"]);
    let dir = tempfile::tempdir().unwrap();
    let reports = dir.path().join("reports");
    let run = moto
        .run(dir.path(), "scan", "us-east-1,eu-west-1")
        .args([
            "--days",
            "1",
            "-vv",
            "--stats",
            "--redact",
            "--fail-on-savings",
            "10",
            "--output-dir",
        ])
        .arg(&reports)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr).into_owned();
    assert_eq!(
        run.status.code(),
        Some(4),
        "savings above $10 exit 4: {stderr}"
    );
    assert!(
        run.stdout.is_empty(),
        "with --output-dir nothing goes to stdout"
    );

    let mut names: Vec<String> = std::fs::read_dir(&reports)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names.len(), 4, "{names:?}");
    let stamp = names[0].split('-').nth(1).unwrap().to_owned();
    for suffix in ["report.csv", "report.json", "report.md", "snapshot.json"] {
        assert!(
            names.contains(&format!("crossover-{stamp}-{suffix}")),
            "{names:?}"
        );
    }
    let mut outputs = vec![stderr];
    for n in &names {
        outputs.push(std::fs::read_to_string(reports.join(n)).unwrap());
    }
    for text in &outputs {
        assert!(!text.contains(ACCESS_KEY), "the access key leaked");
        assert!(!text.contains(SECRET_KEY), "the secret key leaked");
    }
    for text in &outputs[1..] {
        assert!(
            !text.contains("123456789012"),
            "an account id survived --redact"
        );
        assert!(text.contains("********9012"));
    }

    // Without the threshold the same account is a complete run.
    let again = moto
        .run(dir.path(), "scan", "us-east-1")
        .args([
            "--days",
            "1",
            "--format",
            "json",
            "--fail-on-savings",
            "1000000",
        ])
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&again.stdout).contains("123456789012"));
}
