// The host rules of a Docker 20.10-24 swarm node (libnetwork-facts §2.1-2.2),
// issued in libnetwork's order: daemon start (ip_forward flipped, so FORWARD
// policy DROP; chains of setupIPChains), the docker0 bridge (icc=true), the
// docker_gwbridge bridge (icc=false), then the ingress init and one published
// port 8080/tcp.  `-C` probes are libnetwork's Exists() checks.
=== host node1
$ iptables --wait -P FORWARD DROP
$ iptables --wait -t nat -N DOCKER
$ iptables --wait -t filter -N DOCKER
$ iptables --wait -t filter -N DOCKER-ISOLATION-STAGE-1
$ iptables --wait -t filter -N DOCKER-ISOLATION-STAGE-2
$ iptables --wait -t filter -C DOCKER-ISOLATION-STAGE-1 -j RETURN
stderr: iptables: Bad rule (does a matching rule exist in that chain?).
[exit 1]
$ iptables --wait -A DOCKER-ISOLATION-STAGE-1 -j RETURN
$ iptables --wait -t filter -C DOCKER-ISOLATION-STAGE-2 -j RETURN
stderr: iptables: Bad rule (does a matching rule exist in that chain?).
[exit 1]
$ iptables --wait -A DOCKER-ISOLATION-STAGE-2 -j RETURN
$ iptables --wait -t nat -C POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE
stderr: iptables: No chain/target/match by that name.
[exit 1]
$ iptables --wait -t nat -I POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE
$ iptables --wait -t nat -C DOCKER -i docker0 -j RETURN
stderr: iptables: Bad rule (does a matching rule exist in that chain?).
[exit 1]
$ iptables --wait -t nat -I DOCKER -i docker0 -j RETURN
$ iptables --wait -t filter -C FORWARD -i docker0 -o docker0 -j ACCEPT
stderr: iptables: Bad rule (does a matching rule exist in that chain?).
[exit 1]
$ iptables --wait -I FORWARD -i docker0 -o docker0 -j ACCEPT
$ iptables --wait -t filter -C FORWARD -i docker0 ! -o docker0 -j ACCEPT
stderr: iptables: Bad rule (does a matching rule exist in that chain?).
[exit 1]
$ iptables --wait -I FORWARD -i docker0 ! -o docker0 -j ACCEPT
$ iptables --wait -t nat -C PREROUTING -m addrtype --dst-type LOCAL -j DOCKER
stderr: iptables: No chain/target/match by that name.
[exit 1]
$ iptables --wait -t nat -A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER
$ iptables --wait -t nat -C OUTPUT -m addrtype --dst-type LOCAL -j DOCKER ! --dst 127.0.0.0/8
stderr: iptables: No chain/target/match by that name.
[exit 1]
$ iptables --wait -t nat -A OUTPUT -m addrtype --dst-type LOCAL -j DOCKER ! --dst 127.0.0.0/8
$ iptables --wait -t filter -C FORWARD -o docker0 -j DOCKER
stderr: iptables: No chain/target/match by that name.
[exit 1]
$ iptables --wait -I FORWARD -o docker0 -j DOCKER
$ iptables --wait -t filter -C FORWARD -o docker0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
stderr: iptables: Bad rule (does a matching rule exist in that chain?).
[exit 1]
$ iptables --wait -I FORWARD -o docker0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
$ iptables --wait -t filter -C FORWARD -j DOCKER-ISOLATION-STAGE-1
stderr: iptables: No chain/target/match by that name.
[exit 1]
$ iptables --wait -I FORWARD -j DOCKER-ISOLATION-STAGE-1
$ iptables --wait -t filter -C DOCKER-ISOLATION-STAGE-1 -i docker0 ! -o docker0 -j DOCKER-ISOLATION-STAGE-2
stderr: iptables: No chain/target/match by that name.
[exit 1]
$ iptables --wait -I DOCKER-ISOLATION-STAGE-1 -i docker0 ! -o docker0 -j DOCKER-ISOLATION-STAGE-2
$ iptables --wait -t filter -C DOCKER-ISOLATION-STAGE-2 -o docker0 -j DROP
stderr: iptables: Bad rule (does a matching rule exist in that chain?).
[exit 1]
$ iptables --wait -I DOCKER-ISOLATION-STAGE-2 -o docker0 -j DROP
$ iptables --wait -t filter -n -L DOCKER-USER
stderr: iptables: No chain/target/match by that name.
[exit 1]
$ iptables --wait -N DOCKER-USER
$ iptables --wait -t filter -C DOCKER-USER -j RETURN
stderr: iptables: Bad rule (does a matching rule exist in that chain?).
[exit 1]
$ iptables --wait -A DOCKER-USER -j RETURN
$ iptables --wait -t filter -C FORWARD -j DOCKER-USER
stderr: iptables: No chain/target/match by that name.
[exit 1]
$ iptables --wait -I FORWARD -j DOCKER-USER
$ iptables --wait -t nat -C POSTROUTING -s 172.18.0.0/16 ! -o docker_gwbridge -j MASQUERADE
stderr: iptables: No chain/target/match by that name.
[exit 1]
$ iptables --wait -t nat -I POSTROUTING -s 172.18.0.0/16 ! -o docker_gwbridge -j MASQUERADE
$ iptables --wait -t nat -C DOCKER -i docker_gwbridge -j RETURN
stderr: iptables: Bad rule (does a matching rule exist in that chain?).
[exit 1]
$ iptables --wait -t nat -I DOCKER -i docker_gwbridge -j RETURN
$ iptables --wait -t filter -C FORWARD -i docker_gwbridge -o docker_gwbridge -j DROP
stderr: iptables: Bad rule (does a matching rule exist in that chain?).
[exit 1]
$ iptables --wait -A FORWARD -i docker_gwbridge -o docker_gwbridge -j DROP
$ iptables --wait -t filter -C FORWARD -i docker_gwbridge ! -o docker_gwbridge -j ACCEPT
stderr: iptables: Bad rule (does a matching rule exist in that chain?).
[exit 1]
$ iptables --wait -I FORWARD -i docker_gwbridge ! -o docker_gwbridge -j ACCEPT
$ iptables --wait -t nat -C PREROUTING -m addrtype --dst-type LOCAL -j DOCKER
$ iptables --wait -t nat -C OUTPUT -m addrtype --dst-type LOCAL -j DOCKER ! --dst 127.0.0.0/8
$ iptables --wait -t filter -C FORWARD -o docker_gwbridge -j DOCKER
stderr: iptables: No chain/target/match by that name.
[exit 1]
$ iptables --wait -I FORWARD -o docker_gwbridge -j DOCKER
$ iptables --wait -t filter -C FORWARD -o docker_gwbridge -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
stderr: iptables: Bad rule (does a matching rule exist in that chain?).
[exit 1]
$ iptables --wait -I FORWARD -o docker_gwbridge -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
$ iptables --wait -t filter -C FORWARD -j DOCKER-ISOLATION-STAGE-1
$ iptables --wait -D FORWARD -j DOCKER-ISOLATION-STAGE-1
$ iptables --wait -I FORWARD -j DOCKER-ISOLATION-STAGE-1
$ iptables --wait -t filter -C DOCKER-ISOLATION-STAGE-1 -i docker_gwbridge ! -o docker_gwbridge -j DOCKER-ISOLATION-STAGE-2
stderr: iptables: No chain/target/match by that name.
[exit 1]
$ iptables --wait -I DOCKER-ISOLATION-STAGE-1 -i docker_gwbridge ! -o docker_gwbridge -j DOCKER-ISOLATION-STAGE-2
$ iptables --wait -t filter -C DOCKER-ISOLATION-STAGE-2 -o docker_gwbridge -j DROP
stderr: iptables: Bad rule (does a matching rule exist in that chain?).
[exit 1]
$ iptables --wait -I DOCKER-ISOLATION-STAGE-2 -o docker_gwbridge -j DROP
$ iptables --wait -t filter -C FORWARD -j DOCKER-USER
$ iptables --wait -D FORWARD -j DOCKER-USER
$ iptables --wait -I FORWARD -j DOCKER-USER
$ iptables --wait -t nat -n -L DOCKER-INGRESS
stderr: iptables: No chain/target/match by that name.
[exit 1]
$ iptables --wait -t nat -N DOCKER-INGRESS
$ iptables --wait -t filter -n -L DOCKER-INGRESS
stderr: iptables: No chain/target/match by that name.
[exit 1]
$ iptables --wait -t filter -N DOCKER-INGRESS
$ iptables --wait -t nat -C DOCKER-INGRESS -j RETURN
stderr: iptables: Bad rule (does a matching rule exist in that chain?).
[exit 1]
$ iptables --wait -t nat -A DOCKER-INGRESS -j RETURN
$ iptables --wait -t filter -C DOCKER-INGRESS -j RETURN
stderr: iptables: Bad rule (does a matching rule exist in that chain?).
[exit 1]
$ iptables --wait -t filter -A DOCKER-INGRESS -j RETURN
$ iptables --wait -t nat -C OUTPUT -m addrtype --dst-type LOCAL -j DOCKER-INGRESS
stderr: iptables: No chain/target/match by that name.
[exit 1]
$ iptables --wait -t nat -I OUTPUT -m addrtype --dst-type LOCAL -j DOCKER-INGRESS
$ iptables --wait -t nat -C PREROUTING -m addrtype --dst-type LOCAL -j DOCKER-INGRESS
stderr: iptables: No chain/target/match by that name.
[exit 1]
$ iptables --wait -t nat -I PREROUTING -m addrtype --dst-type LOCAL -j DOCKER-INGRESS
$ iptables --wait -t filter -C FORWARD -j DOCKER-INGRESS
stderr: iptables: No chain/target/match by that name.
[exit 1]
$ iptables --wait -I FORWARD -j DOCKER-INGRESS
$ iptables --wait -t filter -C FORWARD -j DOCKER-USER
$ iptables --wait -D FORWARD -j DOCKER-USER
$ iptables --wait -I FORWARD -j DOCKER-USER
$ iptables --wait -t nat -C POSTROUTING -m addrtype --src-type LOCAL -o docker_gwbridge -j MASQUERADE
stderr: iptables: No chain/target/match by that name.
[exit 1]
$ iptables --wait -t nat -I POSTROUTING -m addrtype --src-type LOCAL -o docker_gwbridge -j MASQUERADE
$ iptables --wait -t nat -I DOCKER-INGRESS -p tcp --dport 8080 -j DNAT --to-destination 172.18.0.2:8080
$ iptables --wait -I DOCKER-INGRESS -m state -p tcp --sport 8080 --state ESTABLISHED,RELATED -j ACCEPT
$ iptables --wait -I DOCKER-INGRESS -p tcp --dport 8080 -j ACCEPT
$ iptables -t nat -nvL
Chain PREROUTING (policy ACCEPT 0 packets, 0 bytes)
 pkts bytes target     prot opt in     out     source               destination         
    0     0 DOCKER-INGRESS  all  --  *      *       0.0.0.0/0            0.0.0.0/0            ADDRTYPE match dst-type LOCAL
    0     0 DOCKER     all  --  *      *       0.0.0.0/0            0.0.0.0/0            ADDRTYPE match dst-type LOCAL

Chain INPUT (policy ACCEPT 0 packets, 0 bytes)
 pkts bytes target     prot opt in     out     source               destination         

Chain OUTPUT (policy ACCEPT 0 packets, 0 bytes)
 pkts bytes target     prot opt in     out     source               destination         
    0     0 DOCKER-INGRESS  all  --  *      *       0.0.0.0/0            0.0.0.0/0            ADDRTYPE match dst-type LOCAL
    0     0 DOCKER     all  --  *      *       0.0.0.0/0           !127.0.0.0/8          ADDRTYPE match dst-type LOCAL

Chain POSTROUTING (policy ACCEPT 0 packets, 0 bytes)
 pkts bytes target     prot opt in     out     source               destination         
    0     0 MASQUERADE  all  --  *      docker_gwbridge  0.0.0.0/0            0.0.0.0/0            ADDRTYPE match src-type LOCAL
    0     0 MASQUERADE  all  --  *      !docker_gwbridge  172.18.0.0/16        0.0.0.0/0           
    0     0 MASQUERADE  all  --  *      !docker0  172.17.0.0/16        0.0.0.0/0           

Chain DOCKER (2 references)
 pkts bytes target     prot opt in     out     source               destination         
    0     0 RETURN     all  --  docker_gwbridge *       0.0.0.0/0            0.0.0.0/0           
    0     0 RETURN     all  --  docker0 *       0.0.0.0/0            0.0.0.0/0           

Chain DOCKER-INGRESS (2 references)
 pkts bytes target     prot opt in     out     source               destination         
    0     0 DNAT       tcp  --  *      *       0.0.0.0/0            0.0.0.0/0            tcp dpt:8080 to:172.18.0.2:8080
    0     0 RETURN     all  --  *      *       0.0.0.0/0            0.0.0.0/0           
$ iptables -nvL
Chain INPUT (policy ACCEPT 0 packets, 0 bytes)
 pkts bytes target     prot opt in     out     source               destination         

Chain FORWARD (policy DROP 0 packets, 0 bytes)
 pkts bytes target     prot opt in     out     source               destination         
    0     0 DOCKER-USER  all  --  *      *       0.0.0.0/0            0.0.0.0/0           
    0     0 DOCKER-INGRESS  all  --  *      *       0.0.0.0/0            0.0.0.0/0           
    0     0 DOCKER-ISOLATION-STAGE-1  all  --  *      *       0.0.0.0/0            0.0.0.0/0           
    0     0 ACCEPT     all  --  *      docker_gwbridge  0.0.0.0/0            0.0.0.0/0            ctstate RELATED,ESTABLISHED
    0     0 DOCKER     all  --  *      docker_gwbridge  0.0.0.0/0            0.0.0.0/0           
    0     0 ACCEPT     all  --  docker_gwbridge !docker_gwbridge  0.0.0.0/0            0.0.0.0/0           
    0     0 ACCEPT     all  --  *      docker0  0.0.0.0/0            0.0.0.0/0            ctstate RELATED,ESTABLISHED
    0     0 DOCKER     all  --  *      docker0  0.0.0.0/0            0.0.0.0/0           
    0     0 ACCEPT     all  --  docker0 !docker0  0.0.0.0/0            0.0.0.0/0           
    0     0 ACCEPT     all  --  docker0 docker0  0.0.0.0/0            0.0.0.0/0           
    0     0 DROP       all  --  docker_gwbridge docker_gwbridge  0.0.0.0/0            0.0.0.0/0           

Chain OUTPUT (policy ACCEPT 0 packets, 0 bytes)
 pkts bytes target     prot opt in     out     source               destination         

Chain DOCKER (2 references)
 pkts bytes target     prot opt in     out     source               destination         

Chain DOCKER-INGRESS (1 references)
 pkts bytes target     prot opt in     out     source               destination         
    0     0 ACCEPT     tcp  --  *      *       0.0.0.0/0            0.0.0.0/0            tcp dpt:8080
    0     0 ACCEPT     tcp  --  *      *       0.0.0.0/0            0.0.0.0/0            state RELATED,ESTABLISHED tcp spt:8080
    0     0 RETURN     all  --  *      *       0.0.0.0/0            0.0.0.0/0           

Chain DOCKER-ISOLATION-STAGE-1 (1 references)
 pkts bytes target     prot opt in     out     source               destination         
    0     0 DOCKER-ISOLATION-STAGE-2  all  --  docker_gwbridge !docker_gwbridge  0.0.0.0/0            0.0.0.0/0           
    0     0 DOCKER-ISOLATION-STAGE-2  all  --  docker0 !docker0  0.0.0.0/0            0.0.0.0/0           
    0     0 RETURN     all  --  *      *       0.0.0.0/0            0.0.0.0/0           

Chain DOCKER-ISOLATION-STAGE-2 (2 references)
 pkts bytes target     prot opt in     out     source               destination         
    0     0 DROP       all  --  *      docker_gwbridge  0.0.0.0/0            0.0.0.0/0           
    0     0 DROP       all  --  *      docker0  0.0.0.0/0            0.0.0.0/0           
    0     0 RETURN     all  --  *      *       0.0.0.0/0            0.0.0.0/0           

Chain DOCKER-USER (1 references)
 pkts bytes target     prot opt in     out     source               destination         
    0     0 RETURN     all  --  *      *       0.0.0.0/0            0.0.0.0/0           
$ iptables -t nat -L
Chain PREROUTING (policy ACCEPT)
target     prot opt source               destination         
DOCKER-INGRESS  all  --  anywhere             anywhere             ADDRTYPE match dst-type LOCAL
DOCKER     all  --  anywhere             anywhere             ADDRTYPE match dst-type LOCAL

Chain INPUT (policy ACCEPT)
target     prot opt source               destination         

Chain OUTPUT (policy ACCEPT)
target     prot opt source               destination         
DOCKER-INGRESS  all  --  anywhere             anywhere             ADDRTYPE match dst-type LOCAL
DOCKER     all  --  anywhere            !loopback/8           ADDRTYPE match dst-type LOCAL

Chain POSTROUTING (policy ACCEPT)
target     prot opt source               destination         
MASQUERADE  all  --  anywhere             anywhere             ADDRTYPE match src-type LOCAL
MASQUERADE  all  --  172.18.0.0/16        anywhere            
MASQUERADE  all  --  172.17.0.0/16        anywhere            

Chain DOCKER (2 references)
target     prot opt source               destination         
RETURN     all  --  anywhere             anywhere            
RETURN     all  --  anywhere             anywhere            

Chain DOCKER-INGRESS (2 references)
target     prot opt source               destination         
DNAT       tcp  --  anywhere             anywhere             tcp dpt:http-alt to:172.18.0.2:8080
RETURN     all  --  anywhere             anywhere            
$ iptables -S
-P INPUT ACCEPT
-P FORWARD DROP
-P OUTPUT ACCEPT
-N DOCKER
-N DOCKER-INGRESS
-N DOCKER-ISOLATION-STAGE-1
-N DOCKER-ISOLATION-STAGE-2
-N DOCKER-USER
-A FORWARD -j DOCKER-USER
-A FORWARD -j DOCKER-INGRESS
-A FORWARD -j DOCKER-ISOLATION-STAGE-1
-A FORWARD -o docker_gwbridge -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
-A FORWARD -o docker_gwbridge -j DOCKER
-A FORWARD -i docker_gwbridge ! -o docker_gwbridge -j ACCEPT
-A FORWARD -o docker0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
-A FORWARD -o docker0 -j DOCKER
-A FORWARD -i docker0 ! -o docker0 -j ACCEPT
-A FORWARD -i docker0 -o docker0 -j ACCEPT
-A FORWARD -i docker_gwbridge -o docker_gwbridge -j DROP
-A DOCKER-INGRESS -p tcp -m tcp --dport 8080 -j ACCEPT
-A DOCKER-INGRESS -p tcp -m state --state RELATED,ESTABLISHED -m tcp --sport 8080 -j ACCEPT
-A DOCKER-INGRESS -j RETURN
-A DOCKER-ISOLATION-STAGE-1 -i docker_gwbridge ! -o docker_gwbridge -j DOCKER-ISOLATION-STAGE-2
-A DOCKER-ISOLATION-STAGE-1 -i docker0 ! -o docker0 -j DOCKER-ISOLATION-STAGE-2
-A DOCKER-ISOLATION-STAGE-1 -j RETURN
-A DOCKER-ISOLATION-STAGE-2 -o docker_gwbridge -j DROP
-A DOCKER-ISOLATION-STAGE-2 -o docker0 -j DROP
-A DOCKER-ISOLATION-STAGE-2 -j RETURN
-A DOCKER-USER -j RETURN
$ iptables-save
# Generated by iptables-save v1.8.7 on Fri Nov 17 09:10:00 2023
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
:DOCKER - [0:0]
:DOCKER-INGRESS - [0:0]
-A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER-INGRESS
-A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER
-A OUTPUT -m addrtype --dst-type LOCAL -j DOCKER-INGRESS
-A OUTPUT ! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j DOCKER
-A POSTROUTING -o docker_gwbridge -m addrtype --src-type LOCAL -j MASQUERADE
-A POSTROUTING -s 172.18.0.0/16 ! -o docker_gwbridge -j MASQUERADE
-A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE
-A DOCKER -i docker_gwbridge -j RETURN
-A DOCKER -i docker0 -j RETURN
-A DOCKER-INGRESS -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.18.0.2:8080
-A DOCKER-INGRESS -j RETURN
COMMIT
# Completed on Fri Nov 17 09:10:00 2023
# Generated by iptables-save v1.8.7 on Fri Nov 17 09:10:00 2023
*filter
:INPUT ACCEPT [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
:DOCKER - [0:0]
:DOCKER-INGRESS - [0:0]
:DOCKER-ISOLATION-STAGE-1 - [0:0]
:DOCKER-ISOLATION-STAGE-2 - [0:0]
:DOCKER-USER - [0:0]
-A FORWARD -j DOCKER-USER
-A FORWARD -j DOCKER-INGRESS
-A FORWARD -j DOCKER-ISOLATION-STAGE-1
-A FORWARD -o docker_gwbridge -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
-A FORWARD -o docker_gwbridge -j DOCKER
-A FORWARD -i docker_gwbridge ! -o docker_gwbridge -j ACCEPT
-A FORWARD -o docker0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
-A FORWARD -o docker0 -j DOCKER
-A FORWARD -i docker0 ! -o docker0 -j ACCEPT
-A FORWARD -i docker0 -o docker0 -j ACCEPT
-A FORWARD -i docker_gwbridge -o docker_gwbridge -j DROP
-A DOCKER-INGRESS -p tcp -m tcp --dport 8080 -j ACCEPT
-A DOCKER-INGRESS -p tcp -m state --state RELATED,ESTABLISHED -m tcp --sport 8080 -j ACCEPT
-A DOCKER-INGRESS -j RETURN
-A DOCKER-ISOLATION-STAGE-1 -i docker_gwbridge ! -o docker_gwbridge -j DOCKER-ISOLATION-STAGE-2
-A DOCKER-ISOLATION-STAGE-1 -i docker0 ! -o docker0 -j DOCKER-ISOLATION-STAGE-2
-A DOCKER-ISOLATION-STAGE-1 -j RETURN
-A DOCKER-ISOLATION-STAGE-2 -o docker_gwbridge -j DROP
-A DOCKER-ISOLATION-STAGE-2 -o docker0 -j DROP
-A DOCKER-ISOLATION-STAGE-2 -j RETURN
-A DOCKER-USER -j RETURN
COMMIT
# Completed on Fri Nov 17 09:10:00 2023
