fn main() {
    solidarity::mount_all();
}
