//! A synthetic stream of ECS events for `cargo xtask bench run`: process starts, library loads,
//! registry changes, network and file events from a few hundred hosts, in time order, about
//! 1 KB each. The seed rule's attack is planted now and then, so a run over the stream raises a
//! known number of alerts.
//!
//! The stream is deterministic: a fixed-seed xorshift generator drives every choice, so the same
//! [`Spec`] always writes the same bytes.

use std::collections::VecDeque;
use std::io::{self, Write};

use serde_json::{Map, Value as Json, json};

/// The `rule_id` of the seed rule, whose attack the stream plants.
pub const SEED_RULE_ID: &str = "689b9d57-e4d5-4357-ad17-9c334609d79a";

/// What stream to write.
#[derive(Clone, Debug)]
pub struct Spec {
    /// How many events, planted ones included.
    pub events: u64,
    /// How many hosts the events come from; four in five run Windows.
    pub hosts: usize,
    /// An attack starts once every this many events.
    pub attack_every: u64,
}

impl Default for Spec {
    fn default() -> Spec {
        Spec { events: 1_000_000, hosts: 300, attack_every: 5_000 }
    }
}

/// What [`write_events`] wrote.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Written {
    /// Events, one per line.
    pub events: u64,
    /// Attacks planted. Each is `cscript.exe` loading `taskschd.dll`, then, on the same host
    /// 1 to 20 seconds later, a scheduled task's `Actions` value written under TaskCache: one
    /// alert of the seed rule.
    pub attacks: u64,
}

/// Writes the stream as NDJSON, one event per line.
///
/// No background event matches either stage of the seed rule, though some come close (other
/// processes loading `taskschd.dll`, script hosts loading other libraries, other TaskCache
/// values), so the seed rule raises exactly [`Written::attacks`] alerts.
pub fn write_events(spec: &Spec, out: &mut impl Write) -> io::Result<Written> {
    let mut stream = Stream::new(spec.hosts);
    let mut pending: VecDeque<Planted> = VecDeque::new();
    let mut written = Written { events: 0, attacks: 0 };
    let attack_every = spec.attack_every.max(2);

    while written.events < spec.events {
        stream.clock += stream.rng.below(3) as i64;
        let remaining = spec.events - written.events;

        let must_flush = remaining <= pending.len() as u64;
        let event = match pending.front().copied() {
            Some(planted) if planted.due <= stream.clock || must_flush => {
                pending.pop_front();
                stream.clock = stream.clock.max(planted.due);
                stream.task_actions_change(planted.host)
            }
            Some(_) | None
                if written.events % attack_every == attack_every / 2
                    && remaining >= pending.len() as u64 + 2 =>
            {
                let host = stream.attacked_host(written.attacks);
                let due = stream.clock + 1_000 + stream.rng.below(19_000) as i64;
                pending.push_back(Planted { due, host });
                written.attacks += 1;
                stream.script_loads_task_scheduler(host)
            }
            Some(_) | None => stream.background(),
        };

        serde_json::to_writer(&mut *out, &event)?;
        out.write_all(b"\n")?;
        written.events += 1;
    }
    Ok(written)
}

/// The second half of a planted attack, waiting for its time.
#[derive(Clone, Copy, Debug)]
struct Planted {
    /// When the `Actions` change is due, in epoch milliseconds.
    due: i64,
    /// Index of the attacked host.
    host: usize,
}

/// 2026-12-03T08:00:00Z, when the stream starts, in epoch milliseconds.
const START: i64 = 1_796_284_800_000;

/// Windows processes: name, executable and typical arguments.
const WINDOWS_PROCESSES: &[(&str, &str, &[&str])] = &[
    ("svchost.exe", r"C:\Windows\System32\svchost.exe", &["-k", "netsvcs", "-p", "-s", "Schedule"]),
    ("explorer.exe", r"C:\Windows\explorer.exe", &[]),
    (
        "chrome.exe",
        r"C:\Program Files\Google\Chrome\Application\chrome.exe",
        &["--type=renderer", "--lang=en-US", "--renderer-client-id=7"],
    ),
    (
        "msedge.exe",
        r"C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe",
        &["--type=utility", "--utility-sub-type=network.mojom.NetworkService"],
    ),
    (
        "powershell.exe",
        r"C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe",
        &["-NoProfile", "-ExecutionPolicy", "Bypass", "-File", r"C:\Scripts\inventory.ps1"],
    ),
    ("cmd.exe", r"C:\Windows\System32\cmd.exe", &["/c", "ipconfig", "/all"]),
    ("conhost.exe", r"C:\Windows\System32\conhost.exe", &["0xffffffff", "-ForceV1"]),
    ("RuntimeBroker.exe", r"C:\Windows\System32\RuntimeBroker.exe", &["-Embedding"]),
    ("taskhostw.exe", r"C:\Windows\System32\taskhostw.exe", &["/RuntimeWide"]),
    ("cscript.exe", r"C:\Windows\System32\cscript.exe", &["//nologo", r"C:\Scripts\logon.vbs"]),
    ("wscript.exe", r"C:\Windows\System32\wscript.exe", &[r"C:\Users\Public\map_drives.js"]),
    (
        "MsMpEng.exe",
        r"C:\ProgramData\Microsoft\Windows Defender\Platform\4.18.24090.11-0\MsMpEng.exe",
        &[],
    ),
    ("OUTLOOK.EXE", r"C:\Program Files\Microsoft Office\root\Office16\OUTLOOK.EXE", &[]),
];

/// Linux and macOS processes: name, executable and typical arguments.
const UNIX_PROCESSES: &[(&str, &str, &[&str])] = &[
    ("bash", "/usr/bin/bash", &["-c", "uptime"]),
    ("sshd", "/usr/sbin/sshd", &["-D", "-R"]),
    ("python3", "/usr/bin/python3", &["/opt/agent/collect.py", "--interval", "60"]),
    ("curl", "/usr/bin/curl", &["-fsS", "https://updates.example.com/manifest.json"]),
    ("systemd", "/usr/lib/systemd/systemd", &["--user"]),
    ("cron", "/usr/sbin/cron", &["-f"]),
    ("nginx", "/usr/sbin/nginx", &["-g", "daemon off;"]),
];

/// Parents of Windows processes: name and executable.
const WINDOWS_PARENTS: &[(&str, &str)] = &[
    ("explorer.exe", r"C:\Windows\explorer.exe"),
    ("services.exe", r"C:\Windows\System32\services.exe"),
    ("svchost.exe", r"C:\Windows\System32\svchost.exe"),
    ("userinit.exe", r"C:\Windows\System32\userinit.exe"),
];

/// Libraries Windows processes load. Only processes other than script hosts load
/// `taskschd.dll` in the background.
const LIBRARIES: &[&str] = &[
    "kernel32.dll",
    "ntdll.dll",
    "user32.dll",
    "advapi32.dll",
    "combase.dll",
    "amsi.dll",
    "vbscript.dll",
    "wininet.dll",
    "crypt32.dll",
    "taskschd.dll",
];

/// Processes the seed rule watches for loading `taskschd.dll`.
const SCRIPT_HOSTS: &[&str] =
    &["cscript.exe", "wscript.exe", "powershell.exe", "pwsh.exe", "powershell_ise.exe"];

const USERS: &[&str] = &["alice", "bob", "carol", "dave", "erin", "svc_backup"];

/// Where Windows keeps scheduled tasks, under HKLM.
const TASK_CACHE_TASKS: &str =
    r"SOFTWARE\Microsoft\Windows NT\CurrentVersion\Schedule\TaskCache\Tasks";

/// One host: its `host` object and what the others derive from it.
struct Host {
    os: Os,
    json: Json,
    agent_id: String,
    ip: String,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Os {
    Windows,
    Linux,
    Macos,
}

/// The generator's state: hosts, clock and random numbers.
struct Stream {
    rng: Xorshift,
    hosts: Vec<Host>,
    /// Indexes of the Windows hosts, where attacks happen.
    windows: Vec<usize>,
    /// The time of the latest event, in epoch milliseconds.
    clock: i64,
}

impl Stream {
    fn new(hosts: usize) -> Stream {
        let mut rng = Xorshift(0x5EED_2026_1203_0800);
        let hosts: Vec<Host> = (0..hosts.max(1))
            .map(|index| {
                let os = match index % 10 {
                    0 => Os::Linux,
                    5 => Os::Macos,
                    _ => Os::Windows,
                };
                Host::new(index, os, &mut rng)
            })
            .collect();
        let windows = (0..hosts.len()).filter(|&index| hosts[index].os == Os::Windows).collect();
        Stream { rng, hosts, windows, clock: START }
    }

    /// The host of the `attack`th attack: consecutive attacks, which may overlap in time, hit
    /// different hosts.
    fn attacked_host(&self, attack: u64) -> usize {
        self.windows[(attack as usize).wrapping_mul(37) % self.windows.len()]
    }

    /// A random event that no stage of the seed rule matches.
    fn background(&mut self) -> Json {
        let host = self.rng.below(self.hosts.len() as u64) as usize;
        let roll = self.rng.below(100);
        match self.hosts[host].os {
            Os::Windows => match roll {
                0..20 => self.process_start(host),
                20..50 => self.library_load(host),
                50..65 => self.registry_change(host),
                65..85 => self.network(host),
                _ => self.file(host),
            },
            Os::Linux | Os::Macos => match roll {
                0..40 => self.process_start(host),
                40..70 => self.network(host),
                _ => self.file(host),
            },
        }
    }

    /// The fields every event has, for an event of `category` (`process`, `library`, ...).
    fn base(
        &mut self,
        host: usize,
        category: &str,
        kind: &[&str],
        action: &str,
    ) -> Map<String, Json> {
        let dataset = format!("endpoint.events.{category}");
        let host = &self.hosts[host];
        let json = json!({
            "@timestamp": iso(self.clock),
            "agent": {"id": host.agent_id, "type": "endpoint"},
            "data_stream": {"dataset": dataset, "namespace": "default", "type": "logs"},
            "ecs": {"version": "8.11.0"},
            "event": {
                "action": action,
                "category": [category],
                "dataset": dataset,
                "id": self.rng.hex(16),
                "kind": "event",
                "module": "endpoint",
                "type": kind,
            },
            "host": host.json,
        });
        let Json::Object(map) = json else { unreachable!("json! of braces is an object") };
        map
    }

    /// A random process of `host`: name, executable and arguments.
    fn pick_process(
        &mut self,
        host: usize,
    ) -> (&'static str, &'static str, &'static [&'static str]) {
        match self.hosts[host].os {
            Os::Windows => *self.rng.pick(WINDOWS_PROCESSES),
            Os::Linux | Os::Macos => *self.rng.pick(UNIX_PROCESSES),
        }
    }

    /// The `process` object of a process start: arguments, parent and all.
    fn started_process(&mut self, name: &str, executable: &str, args: &[&str]) -> Json {
        let windows = executable.contains('\\');
        let (parent, parent_executable) = match windows {
            true => *self.rng.pick(WINDOWS_PARENTS),
            false => ("systemd", "/usr/lib/systemd/systemd"),
        };
        let mut all_args = vec![executable];
        all_args.extend_from_slice(args);
        let command_line = match windows {
            true => format!("\"{executable}\" {}", args.join(" ")),
            false => all_args.join(" "),
        };
        json!({
            "args": all_args,
            "args_count": all_args.len(),
            "command_line": command_line.trim_end(),
            "entity_id": self.rng.hex(32),
            "executable": executable,
            "name": name,
            "parent": {
                "executable": parent_executable,
                "name": parent,
                "pid": 400 + self.rng.below(9_000),
            },
            "pid": 1_000 + self.rng.below(60_000),
            "working_directory": if windows { r"C:\Windows\System32\" } else { "/" },
        })
    }

    /// The `process` object of an event a running process caused: who it is, in short.
    fn acting_process(&mut self, name: &str, executable: &str) -> Json {
        json!({
            "entity_id": self.rng.hex(32),
            "executable": executable,
            "name": name,
            "pid": 1_000 + self.rng.below(60_000),
        })
    }

    fn user(&mut self, host: usize) -> Json {
        let index = self.rng.below(USERS.len() as u64) as usize;
        let domain = if self.hosts[host].os == Os::Windows { "CORP" } else { "" };
        let id = format!("S-1-5-21-3623811015-3361044348-30300820-{}", 1_001 + index);
        json!({"domain": domain, "id": id, "name": USERS[index]})
    }

    fn process_start(&mut self, host: usize) -> Json {
        let mut event = self.base(host, "process", &["start"], "start");
        let (name, executable, args) = self.pick_process(host);
        event.insert("process".into(), self.started_process(name, executable, args));
        event.insert("user".into(), self.user(host));
        Json::Object(event)
    }

    fn library_load(&mut self, host: usize) -> Json {
        let mut event = self.base(host, "library", &["start"], "load");
        let (name, executable, _) = self.pick_process(host);
        let mut library = *self.rng.pick(LIBRARIES);
        if SCRIPT_HOSTS.contains(&name) && library == "taskschd.dll" {
            library = "ntdll.dll";
        }
        event.insert("dll".into(), dll(library, self.rng.hex(64)));
        event.insert("process".into(), self.acting_process(name, executable));
        event.insert("user".into(), self.user(host));
        Json::Object(event)
    }

    fn registry_change(&mut self, host: usize) -> Json {
        let mut event = self.base(host, "registry", &["change"], "modification");
        let (key, value, data) = match self.rng.below(4) {
            0 => (
                r"SOFTWARE\Microsoft\Windows\CurrentVersion\Run".to_string(),
                "OneDrive".to_string(),
                r#""C:\Program Files\Microsoft OneDrive\OneDrive.exe" /background"#.to_string(),
            ),
            1 => {
                let service = *self.rng.pick(&["WSearch", "Spooler", "BITS", "wuauserv"]);
                let value = *self.rng.pick(&["Start", "ImagePath", "DelayedAutoStart"]);
                (format!(r"SYSTEM\ControlSet001\Services\{service}"), value.into(), "2".into())
            }
            2 => {
                let task = self.rng.guid();
                let value = *self.rng.pick(&["DynamicInfo", "Triggers", "Hash"]);
                let key = format!(r"{TASK_CACHE_TASKS}\{task}");
                (key, value.into(), self.rng.hex(40))
            }
            _ => (
                r"SOFTWARE\Microsoft\Windows\CurrentVersion\Explorer\RecentDocs".to_string(),
                "MRUListEx".to_string(),
                self.rng.hex(16),
            ),
        };
        event.insert("registry".into(), registry(&key, &value, &data));
        let (name, executable, _) = self.pick_process(host);
        event.insert("process".into(), self.acting_process(name, executable));
        Json::Object(event)
    }

    fn network(&mut self, host: usize) -> Json {
        let (kind, action) = *self
            .rng
            .pick(&[(["start"], "connection_attempted"), (["end"], "disconnect_received")]);
        let mut event = self.base(host, "network", &kind, action);
        let port = *self.rng.pick(&[443, 443, 443, 80, 53, 445, 3389, 8080, 8443]);
        let destination = format!(
            "{}.{}.{}.{}",
            *self.rng.pick(&[10, 52, 104, 142, 172, 192]),
            self.rng.below(256),
            self.rng.below(256),
            1 + self.rng.below(254)
        );
        let source_ip = self.hosts[host].ip.clone();
        event.insert(
            "destination".into(),
            json!({"ip": destination, "port": port, "bytes": self.rng.below(200_000)}),
        );
        event.insert(
            "network".into(),
            json!({"direction": "egress", "transport": if port == 53 { "udp" } else { "tcp" },
                   "type": "ipv4"}),
        );
        let (name, executable, _) = self.pick_process(host);
        event.insert("process".into(), self.acting_process(name, executable));
        event.insert(
            "source".into(),
            json!({"ip": source_ip, "port": 49_152 + self.rng.below(16_000),
                   "bytes": self.rng.below(50_000)}),
        );
        Json::Object(event)
    }

    fn file(&mut self, host: usize) -> Json {
        let (kind, action) = *self.rng.pick(&[
            (["creation"], "creation"),
            (["change"], "overwrite"),
            (["deletion"], "deletion"),
        ]);
        let mut event = self.base(host, "file", &kind, action);
        let name =
            format!("{}.{}", self.rng.hex(8), *self.rng.pick(&["tmp", "log", "json", "docx"]));
        let directory = match self.hosts[host].os {
            Os::Windows => r"C:\Users\Public\AppData\Local\Temp",
            Os::Linux => "/var/tmp",
            Os::Macos => "/private/var/folders/zz/T",
        };
        let separator = if directory.contains('\\') { '\\' } else { '/' };
        let extension = name.rsplit('.').next().unwrap_or_default().to_string();
        event.insert(
            "file".into(),
            json!({
                "directory": directory,
                "extension": extension,
                "name": name,
                "path": format!("{directory}{separator}{name}"),
                "size": self.rng.below(4_000_000),
            }),
        );
        let (name, executable, _) = self.pick_process(host);
        event.insert("process".into(), self.acting_process(name, executable));
        Json::Object(event)
    }

    /// The first half of an attack: `cscript.exe` loads `taskschd.dll`.
    fn script_loads_task_scheduler(&mut self, host: usize) -> Json {
        let mut event = self.base(host, "library", &["start"], "load");
        event.insert("dll".into(), dll("taskschd.dll", self.rng.hex(64)));
        let process = self.acting_process("cscript.exe", r"C:\Windows\System32\cscript.exe");
        event.insert("process".into(), process);
        event.insert("user".into(), self.user(host));
        Json::Object(event)
    }

    /// The second half of an attack: a task's `Actions` value is written under TaskCache.
    fn task_actions_change(&mut self, host: usize) -> Json {
        let mut event = self.base(host, "registry", &["change"], "modification");
        let key = format!(r"{TASK_CACHE_TASKS}\{}", self.rng.guid());
        event.insert("registry".into(), registry(&key, "Actions", &self.rng.hex(120)));
        let process = self.acting_process("svchost.exe", r"C:\Windows\System32\svchost.exe");
        event.insert("process".into(), process);
        Json::Object(event)
    }
}

impl Host {
    fn new(index: usize, os: Os, rng: &mut Xorshift) -> Host {
        let id = rng.hex(32);
        let agent_id = rng.hex(32);
        let ip = format!("10.{}.{}.{}", index / 250, index % 250, 10 + rng.below(200));
        let (name, family, os_name, version) = match os {
            Os::Windows => (format!("WIN-{index:04}"), "windows", "Windows 11 Enterprise", "23H2"),
            Os::Linux => (format!("lnx-{index:04}"), "ubuntu", "Ubuntu", "22.04.4"),
            Os::Macos => (format!("mac-{index:04}"), "macos", "macOS", "14.6.1"),
        };
        let os_type = match os {
            Os::Windows => "windows",
            Os::Linux => "linux",
            Os::Macos => "macos",
        };
        let json = json!({
            "architecture": "x86_64",
            "id": id,
            "ip": [ip, format!("fe80::{:x}", rng.below(0xffff))],
            "name": name,
            "os": {"family": family, "name": os_name, "type": os_type, "version": version},
        });
        Host { os, json, agent_id, ip }
    }
}

fn dll(name: &str, sha256: String) -> Json {
    json!({
        "hash": {"sha256": sha256},
        "name": name,
        "path": format!(r"C:\Windows\System32\{name}"),
    })
}

/// A `registry` object for `value` under `key` of HKLM.
fn registry(key: &str, value: &str, data: &str) -> Json {
    json!({
        "data": {"strings": [data], "type": "REG_SZ"},
        "hive": "HKLM",
        "key": key,
        "path": format!(r"HKLM\{key}\{value}"),
        "value": value,
    })
}

/// `millis` after the epoch as ISO-8601 in UTC with milliseconds, as Elastic Defend writes
/// `@timestamp`.
fn iso(millis: i64) -> String {
    let (days, of_day) = (millis.div_euclid(86_400_000), millis.rem_euclid(86_400_000));
    let (year, month, day) = civil_date(days);
    let (hour, minute) = (of_day / 3_600_000, of_day / 60_000 % 60);
    let (second, milli) = (of_day / 1_000 % 60, of_day % 1_000);
    format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}.{milli:03}Z")
}

/// The Gregorian date `days` after 1970-01-01: year, month, day.
fn civil_date(days: i64) -> (i64, i64, i64) {
    // Count from 0000-03-01, so that each leap day ends its year, in 400-year cycles.
    let days = days + 719_468;
    let cycle = days.div_euclid(146_097);
    let day_of_cycle = days.rem_euclid(146_097);
    let year_of_cycle = (day_of_cycle - day_of_cycle / 1_460 + day_of_cycle / 36_524
        - day_of_cycle / 146_096)
        / 365;
    let day_of_year =
        day_of_cycle - (365 * year_of_cycle + year_of_cycle / 4 - year_of_cycle / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
    let month = if month_from_march < 10 { month_from_march + 3 } else { month_from_march - 9 };
    let year = cycle * 400 + year_of_cycle + i64::from(month <= 2);
    (year, month, day)
}

/// Marsaglia's xorshift64* generator: fast, deterministic, and good enough to vary events.
struct Xorshift(u64);

impl Xorshift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..bound`; the bias is negligible for the small bounds used here.
    fn below(&mut self, bound: u64) -> u64 {
        self.next() % bound.max(1)
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    /// `digits` lowercase hexadecimal digits.
    fn hex(&mut self, digits: usize) -> String {
        let mut text = String::with_capacity(digits + 16);
        while text.len() < digits {
            text.push_str(&format!("{:016x}", self.next()));
        }
        text.truncate(digits);
        text
    }

    /// A GUID in braces, as Windows writes task ids in the registry.
    fn guid(&mut self) -> String {
        let hex = self.hex(32).to_uppercase();
        format!(
            "{{{}-{}-{}-{}-{}}}",
            &hex[..8],
            &hex[8..12],
            &hex[12..16],
            &hex[16..20],
            &hex[20..]
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stream(events: u64) -> (Vec<u8>, Written) {
        let mut out = Vec::new();
        let spec = Spec { events, hosts: 50, attack_every: 1_000 };
        let written = write_events(&spec, &mut out).unwrap();
        (out, written)
    }

    #[test]
    fn the_same_spec_writes_the_same_bytes() {
        let (first, written) = stream(1_000);
        assert_eq!(first, stream(1_000).0);
        assert_eq!(written, Written { events: 1_000, attacks: 1 });
        assert_eq!(first.iter().filter(|&&byte| byte == b'\n').count(), 1_000);
    }

    #[test]
    fn events_are_about_a_kilobyte_in_time_order_with_each_attack_whole() {
        let (bytes, written) = stream(5_000);
        let lines: Vec<Json> = bytes
            .split(|&byte| byte == b'\n')
            .filter(|line| !line.is_empty())
            .map(|line| serde_json::from_slice(line).unwrap())
            .collect();

        let average = bytes.len() / lines.len();
        assert!((800..1_300).contains(&average), "{average} bytes on average");
        let times: Vec<&str> =
            lines.iter().map(|event| event["@timestamp"].as_str().unwrap()).collect();
        assert!(times.windows(2).all(|pair| pair[0] <= pair[1]));
        let actions = lines.iter().filter(|event| event["registry"]["value"] == "Actions").count();
        let loads = lines
            .iter()
            .filter(|event| {
                event["dll"]["name"] == "taskschd.dll" && event["process"]["name"] == "cscript.exe"
            })
            .count();
        assert_eq!((loads as u64, actions as u64), (written.attacks, written.attacks));
    }

    #[test]
    fn timestamps_are_iso_8601_in_utc() {
        assert_eq!(iso(START), "2026-12-03T08:00:00.000Z");
        assert_eq!(iso(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(iso(951_782_400_123), "2000-02-29T00:00:00.123Z");
        assert_eq!(iso(-1), "1969-12-31T23:59:59.999Z");
    }
}
