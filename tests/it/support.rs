//! A real moto server for the end-to-end tests, started on a free port and stopped on drop,
//! and the scenario seeder that fills it.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub const ACCESS_KEY: &str = "AKIAIOSFODNN7EXAMPLE";
pub const SECRET_KEY: &str = "test-secret-not-real";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// moto comes from the project's virtualenv (`scripts/test.sh` creates it) or `MOTO_PYTHON`.
fn tool(env: &str, venv_name: &str) -> PathBuf {
    if let Ok(p) = std::env::var(env) {
        return PathBuf::from(p);
    }
    let p = root().join(".venv/bin").join(venv_name);
    assert!(
        p.exists(),
        "{} not found: these tests need a moto server. Run `scripts/test.sh` (it installs moto \
         into .venv) or set {env} to the program",
        p.display()
    );
    p
}

pub struct Moto {
    child: Child,
    pub endpoint: String,
}

impl Moto {
    pub fn start() -> Moto {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free local port")
            .port();
        let log = std::fs::File::create(std::env::temp_dir().join(format!("moto-{port}.log")))
            .expect("moto log file");
        // moto's server with the API Gateway portal routes it lacks (tests/scenarios/moto_server.py).
        let child = Command::new(tool("MOTO_PYTHON", "python"))
            .arg(root().join("tests/scenarios/moto_server.py"))
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdout(log.try_clone().expect("log handle"))
            .stderr(log)
            .spawn()
            .expect("moto_server starts");
        let endpoint = format!("http://127.0.0.1:{port}");
        let moto = Moto { child, endpoint };
        let deadline = Instant::now() + Duration::from_secs(30);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "moto_server did not start on port {port}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        moto
    }

    /// Runs the scenario seeder and returns what it says the account holds.
    pub fn seed(&self, script: &str, args: &[&str]) -> serde_json::Value {
        let out = std::env::temp_dir().join(format!(
            "crossover-expected-{}-{}.json",
            std::process::id(),
            self.endpoint.rsplit(':').next().unwrap_or_default()
        ));
        let status = Command::new(tool("MOTO_PYTHON", "python"))
            .arg(root().join("tests/scenarios").join(script))
            .args(["--endpoint", &self.endpoint, "--out"])
            .arg(&out)
            .args(args)
            .stdin(Stdio::null())
            .status()
            .expect("the seeder runs");
        assert!(status.success(), "seeding moto failed");
        let text = std::fs::read_to_string(&out).expect("the seeder wrote its expectations");
        std::fs::remove_file(&out).ok();
        serde_json::from_str(&text).expect("expectations are JSON")
    }

    /// An SDK configuration that sends everything to this moto with static test credentials.
    pub async fn sdk_config(&self) -> aws_config::SdkConfig {
        aws_config::defaults(aws_config::BehaviorVersion::latest())
            .endpoint_url(&self.endpoint)
            .region(aws_config::Region::new("us-east-1"))
            .credentials_provider(aws_credential_types::Credentials::new(
                ACCESS_KEY, SECRET_KEY, None, None, "tests",
            ))
            .load()
            .await
    }

    /// The binary, pointed at this moto with the test credentials and no ambient AWS config.
    pub fn crossover(&self, dir: &Path) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_crossover"));
        for (k, _) in std::env::vars() {
            if k.starts_with("AWS_") {
                cmd.env_remove(k);
            }
        }
        cmd.env("AWS_ACCESS_KEY_ID", ACCESS_KEY)
            .env("AWS_SECRET_ACCESS_KEY", SECRET_KEY)
            .env("AWS_CONFIG_FILE", dir.join("no-config"))
            .env("AWS_SHARED_CREDENTIALS_FILE", dir.join("no-credentials"))
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .stdin(Stdio::null());
        cmd
    }

    /// `crossover SUBCOMMAND --endpoint-url <this moto> --region REGIONS`, as a user runs it.
    pub fn run(&self, dir: &Path, subcommand: &str, regions: &str) -> Command {
        let mut cmd = self.crossover(dir);
        cmd.args([
            subcommand,
            "--endpoint-url",
            &self.endpoint,
            "--region",
            regions,
        ]);
        cmd
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The fault proxy (tests/scenarios/fault_proxy.py) in front of a moto server.
pub struct FaultProxy {
    child: Child,
    pub endpoint: String,
}

impl FaultProxy {
    /// `faults` are pairs like ("deny", "eu-west-1"), ("drop", "ap-south-1").
    pub fn start(upstream: &Moto, faults: &[(&str, &str)]) -> FaultProxy {
        use std::io::BufRead;
        let mut cmd = Command::new(tool("MOTO_PYTHON", "python"));
        cmd.arg(root().join("tests/scenarios/fault_proxy.py"))
            .args(["--upstream", &upstream.endpoint]);
        for (kind, region) in faults {
            cmd.arg(format!("--{kind}")).arg(region);
        }
        let mut child = cmd
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("the fault proxy starts");
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .expect("the proxy prints its port");
        FaultProxy {
            child,
            endpoint: format!("http://127.0.0.1:{}", line.trim()),
        }
    }
}

impl Drop for FaultProxy {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Asserts a finished command's exit code, showing its stderr when it is another.
#[track_caller]
pub fn assert_exit(out: &std::process::Output, code: i32) {
    assert_eq!(
        out.status.code(),
        Some(code),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The member account ids an organization seeder (seed_org.py, seed_billing.py) created.
#[track_caller]
pub fn member_accounts(expected: &serde_json::Value) -> Vec<String> {
    expected["members"]
        .as_object()
        .expect("the seeder wrote its members")
        .keys()
        .cloned()
        .collect()
}
