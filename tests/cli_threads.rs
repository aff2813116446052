//! `impact report --threads N` and the `threads` key of impact.toml: the
//! report, its findings and its exit status are the same on any number of
//! threads.
#![cfg(feature = "cli")]

use assert_cmd::Command;

fn impact() -> Command {
    let mut cmd = Command::cargo_bin("impact").unwrap();
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

/// A folder of its own, removed when dropped.
struct TempDir(std::path::PathBuf);

impl TempDir {
    fn new() -> TempDir {
        let dir = std::env::temp_dir().join(format!("impact-cli-threads-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A file of about 1.5 MB, more than one piece of a mebibyte: 4
/// indicators × 10 countries × 2 channels × 252 months (September 2000
/// to August 2021), with a row in the middle that has a cell too many and,
/// at the end, a second figure for a month already given.
fn partner_file() -> String {
    let mut file = String::from("indicator,country,channel,period,value,note\n");
    let indicators = [
        "victims_removed",
        "accused_arrested",
        "exploiters_convicted",
        "survivors_cared_for",
    ];
    let countries = ["GB", "BD", "IN", "TH", "NP", "RO", "VN", "KH", "MM", "PH"];
    let mut row = 0usize;
    for year in 2000..2021 {
        for month in 1..=12 {
            for indicator in indicators {
                for country in countries {
                    for channel in ["direct", "systemic"] {
                        row += 1;
                        let value = if row == 10_000 {
                            "1,234".to_string()
                        } else {
                            (row % 97).to_string()
                        };
                        file.push_str(&format!(
                            "{indicator},{country},{channel},FY{year}-09-M{month:02},{value},checked by the field office\n"
                        ));
                    }
                }
            }
        }
    }
    file.push_str("victims_removed,GB,direct,FY2020-09-M01,5,sent twice\n");
    file
}

#[test]
fn the_report_is_the_same_on_one_thread_and_on_three() {
    let dir = TempDir::new();
    let path = dir.0.join("partner.csv");
    std::fs::write(&path, partner_file()).unwrap();
    assert!(std::fs::metadata(&path).unwrap().len() > 1 << 20);
    let config = dir.0.join("impact.toml");
    std::fs::write(&config, "threads = 3\n").unwrap();
    let report = |extra: &[&str]| {
        let output = impact()
            .args(["report", "--period", "20/21 H1", "--format", "csv"])
            .args(extra)
            .arg(&path)
            .output()
            .unwrap();
        (
            output.status.code(),
            String::from_utf8(output.stdout).unwrap(),
            String::from_utf8(output.stderr).unwrap(),
        )
    };
    let one = report(&["--threads", "1"]);
    // A row refused (the cell too many) and a figure refused (the month
    // given twice): exit status 1, both at their lines.
    assert_eq!(one.0, Some(1), "{}", one.2);
    assert!(one.2.contains(":10001"), "{}", one.2);
    assert!(one.2.contains(":20162"), "{}", one.2);
    assert_eq!(report(&["--threads", "3"]), one);
    assert_eq!(report(&["--config", config.to_str().unwrap()]), one);
}
