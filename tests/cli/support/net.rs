//! Real network parts on loopback: a private test CA (rcgen), a TLS server speaking with its
//! certificates, and an HTTP proxy that tunnels CONNECT and forwards absolute-form requests.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair, KeyUsagePurpose};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};

/// A certificate chain and its key, for the TLS server.
pub struct Identity {
    pub chain: Vec<CertificateDer<'static>>,
    pub key: PrivateKeyDer<'static>,
}

/// A private certificate authority made for one test.
pub struct TestCa {
    pub pem: String,
    issuer: Issuer<'static, KeyPair>,
}

impl TestCa {
    pub fn new() -> TestCa {
        let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        params
            .distinguished_name
            .push(DnType::CommonName, "gwtrace test inspection CA");
        let key = KeyPair::generate().unwrap();
        let cert = params.self_signed(&key).unwrap();
        TestCa {
            pem: cert.pem(),
            issuer: Issuer::new(params, key),
        }
    }

    /// A server certificate for `names`, signed by this CA; `expired` puts it in the past.
    pub fn server(&self, names: &[&str], expired: bool) -> Identity {
        let mut params = leaf_params(names);
        if expired {
            params.not_before = rcgen::date_time_ymd(2020, 1, 1);
            params.not_after = rcgen::date_time_ymd(2021, 1, 1);
        }
        let key = KeyPair::generate().unwrap();
        let cert = params.signed_by(&key, &self.issuer).unwrap();
        identity(cert.der().clone(), &key)
    }
}

/// A server certificate for `names` that signed itself.
pub fn self_signed(names: &[&str]) -> Identity {
    let key = KeyPair::generate().unwrap();
    let cert = leaf_params(names).self_signed(&key).unwrap();
    identity(cert.der().clone(), &key)
}

fn leaf_params(names: &[&str]) -> CertificateParams {
    let names: Vec<String> = names.iter().map(|n| n.to_string()).collect();
    let mut params = CertificateParams::new(names).unwrap();
    params
        .distinguished_name
        .push(DnType::CommonName, "central.test");
    params
}

fn identity(cert: CertificateDer<'static>, key: &KeyPair) -> Identity {
    Identity {
        chain: vec![cert],
        key: PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der())),
    }
}

/// A TLS server on 127.0.0.1 answering every request with `200` and `body`. Returns its
/// port and the number of TCP connections it accepted.
pub fn tls_server(identity: Identity, body: String) -> (u16, Arc<AtomicUsize>) {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(identity.chain, identity.key)
        .unwrap();
    let config = Arc::new(config);
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let accepted = Arc::new(AtomicUsize::new(0));
    let count = accepted.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(20) {
            let Ok(stream) = stream else { return };
            count.fetch_add(1, Ordering::SeqCst);
            let (config, body) = (config.clone(), body.clone());
            std::thread::spawn(move || serve_tls(stream, config, &body));
        }
    });
    (port, accepted)
}

fn serve_tls(stream: TcpStream, config: Arc<rustls::ServerConfig>, body: &str) {
    let Ok(connection) = rustls::ServerConnection::new(config) else {
        return;
    };
    let mut tls = rustls::StreamOwned::new(connection, stream);
    loop {
        // One request head per loop; the client may keep the connection alive.
        let mut head = Vec::new();
        let mut byte = [0u8; 1];
        while !head.ends_with(b"\r\n\r\n") {
            match tls.read(&mut byte) {
                Ok(1) => head.push(byte[0]),
                _ => return,
            }
        }
        let answer = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
            body.len()
        );
        if tls.write_all(answer.as_bytes()).is_err() || tls.flush().is_err() {
            return;
        }
    }
}

/// What a proxy saw of one request: its request line and whether it carried
/// `Proxy-Authorization`.
#[derive(Debug, Clone)]
pub struct Seen {
    pub line: String,
    pub authorized: bool,
}

/// An HTTP proxy on 127.0.0.1: `CONNECT host:port` is tunnelled, an absolute-form request
/// (`GET http://host:port/path`) is forwarded as it is. Returns its URL and what it saw.
pub fn proxy() -> (String, Arc<Mutex<Vec<Seen>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(50) {
            let Ok(stream) = stream else { return };
            let log = log.clone();
            std::thread::spawn(move || relay(stream, &log));
        }
    });
    (url, seen)
}

fn relay(client: TcpStream, log: &Mutex<Vec<Seen>>) {
    let mut reader = BufReader::new(client.try_clone().unwrap());
    let mut head = String::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            return;
        }
        head.push_str(&line);
        if line == "\r\n" {
            break;
        }
    }
    let first = head.lines().next().unwrap_or("").to_owned();
    let authorized = head.to_ascii_lowercase().contains("\nproxy-authorization:");
    log.lock().unwrap().push(Seen {
        line: first.clone(),
        authorized,
    });
    let mut parts = first.split(' ');
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let address = match method {
        "CONNECT" => target.to_owned(),
        _ => target
            .trim_start_matches("http://")
            .split('/')
            .next()
            .unwrap_or("")
            .to_owned(),
    };
    let Ok(mut upstream) = TcpStream::connect(&address) else {
        let _ = (&client).write_all(b"HTTP/1.1 502 Bad Gateway\r\ncontent-length: 0\r\n\r\n");
        return;
    };
    if method == "CONNECT" {
        let _ = (&client).write_all(b"HTTP/1.1 200 Connection established\r\n\r\n");
    } else {
        let _ = upstream.write_all(head.as_bytes());
    }
    // Whatever the reader buffered beyond the head belongs upstream too.
    let _ = upstream.write_all(reader.buffer());
    let mut back = upstream.try_clone().unwrap();
    let mut client_out = client.try_clone().unwrap();
    let down = std::thread::spawn(move || {
        let _ = std::io::copy(&mut back, &mut client_out);
        let _ = client_out.shutdown(std::net::Shutdown::Write);
    });
    let mut client_in = client;
    let _ = std::io::copy(&mut client_in, &mut upstream);
    let _ = upstream.shutdown(std::net::Shutdown::Write);
    let _ = down.join();
}
